// The official JavaScript SDK (@azure/event-hubs) against local-eventhubs, as a user would run it.
// JsSdkTest starts the endpoint with the hubs below and runs this file with `node --test`, CONNECTION_STRING set to
// the namespace's connection string as `java -jar local-eventhubs.jar` prints it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventHubConsumerClient, EventHubProducerClient, earliestEventPosition } from "@azure/event-hubs";

const connectionString = process.env.CONNECTION_STRING;
const retryOptions = { maxRetries: 0, timeoutInMs: 20000 };

/** The first `count` events of one partition, read from its start; fails after 60 s. */
async function receive(hub, partitionId, count) {
  const consumer = new EventHubConsumerClient("$Default", connectionString, hub);
  const events = [];
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`received ${events.length} of ${count}`)), 60000);
      consumer.subscribe(
        partitionId,
        {
          processEvents: async (batch) => {
            events.push(...batch);
            if (events.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
          processError: async (error) => {
            clearTimeout(timer);
            reject(error);
          },
        },
        { startPosition: earliestEventPosition, maxWaitTimeInSeconds: 1 },
      );
    });
  } finally {
    await consumer.close();
  }
  return events.slice(0, count);
}

test("properties name the hub and its partitions", async () => {
  const producer = new EventHubProducerClient(connectionString, "js-props", { retryOptions });
  try {
    const hub = await producer.getEventHubProperties();
    assert.equal(hub.name, "js-props");
    assert.deepEqual(hub.partitionIds, ["0", "1", "2"]);
    const partition = await producer.getPartitionProperties("2");
    assert.equal(partition.partitionId, "2");
    assert.equal(partition.isEmpty, true);
  } finally {
    await producer.close();
  }
});

test("a batch sent to a partition is received in order with its properties", async () => {
  const producer = new EventHubProducerClient(connectionString, "js-send", { retryOptions });
  try {
    const batch = await producer.createBatch({ partitionId: "1" });
    for (let i = 0; i < 10; i++) {
      assert.ok(batch.tryAdd({ body: `event ${i}`, properties: { index: i } }));
    }
    await producer.sendBatch(batch);
    assert.equal((await producer.getPartitionProperties("1")).lastEnqueuedSequenceNumber, 9);
  } finally {
    await producer.close();
  }
  const events = await receive("js-send", "1", 10);
  assert.deepEqual(events.map((e) => e.body), [...Array(10).keys()].map((i) => `event ${i}`));
  assert.deepEqual(events.map((e) => e.properties.index), [...Array(10).keys()]);
  assert.deepEqual(events.map((e) => e.sequenceNumber), [...Array(10).keys()]);
});

test("events with one partition key land in one partition", async () => {
  const producer = new EventHubProducerClient(connectionString, "js-key", { retryOptions });
  try {
    for (let i = 0; i < 5; i++) {
      await producer.sendBatch([{ body: `k${i}` }], { partitionKey: "device-7" });
    }
    const partitions = await Promise.all(["0", "1", "2"].map((id) => producer.getPartitionProperties(id)));
    const filled = partitions.filter((p) => !p.isEmpty);
    assert.equal(filled.length, 1);
    assert.equal(filled[0].lastEnqueuedSequenceNumber, 4);
    const events = await receive("js-key", filled[0].partitionId, 5);
    assert.deepEqual(events.map((e) => e.partitionKey), Array(5).fill("device-7"));
  } finally {
    await producer.close();
  }
});

test("a wrong key fails as unauthorized", async () => {
  const wrong = connectionString.replace("SharedAccessKey=", "SharedAccessKey=wrong");
  const producer = new EventHubProducerClient(wrong, "js-props", { retryOptions });
  try {
    await assert.rejects(producer.getEventHubProperties(), (error) => {
      assert.match(`${error.code} ${error.message}`, /unauthori[sz]ed|401/i);
      return true;
    });
  } finally {
    await producer.close();
  }
});

test("an unknown hub fails naming it", async () => {
  const producer = new EventHubProducerClient(connectionString, "no-such-hub", { retryOptions });
  try {
    await assert.rejects(producer.getEventHubProperties(), (error) => {
      assert.match(error.message, /no-such-hub/);
      return true;
    });
  } finally {
    await producer.close();
  }
});
