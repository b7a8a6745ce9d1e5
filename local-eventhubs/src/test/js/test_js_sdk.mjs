// The official JavaScript SDK (@azure/event-hubs) against local-eventhubs, as a user would run it.
// JsSdkTest starts the endpoint with the hubs below and runs this file with `node --test`, CONNECTION_STRING set to
// the namespace's connection string as `java -jar local-eventhubs.jar` prints it.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  latestEventPosition,
} from "@azure/event-hubs";

const connectionString = process.env.CONNECTION_STRING;
const retryOptions = { maxRetries: 0, timeoutInMs: 20000 };

/** The first `count` events of one partition from `startPosition` (its start unless given); fails after 60 s. */
async function receive(hub, partitionId, count, startPosition = earliestEventPosition, whenSubscribed = async () => {}) {
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
        { startPosition, maxWaitTimeInSeconds: 1 },
      );
      whenSubscribed().catch(reject);
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

/** The first error a subscription to one partition reports, and the subscription's client to close. */
function firstError(hub, partitionId, consumerGroup, options) {
  const consumer = new EventHubConsumerClient(consumerGroup, connectionString, hub);
  const error = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no error reported within 60 s")), 60000);
    consumer.subscribe(
      partitionId,
      {
        processEvents: async () => {},
        processError: async (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      },
      { maxWaitTimeInSeconds: 1, ...options },
    );
  });
  return { consumer, error };
}

test("every kind of starting position", async () => {
  const producer = new EventHubProducerClient(connectionString, "js-positions", { retryOptions });
  try {
    for (let i = 0; i < 3; i++) {
      await producer.sendBatch([{ body: `e${i}` }], { partitionId: "0" });
    }
    await new Promise((r) => setTimeout(r, 50));
    const between = new Date();
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 3; i < 5; i++) {
      await producer.sendBatch([{ body: `e${i}` }], { partitionId: "0" });
    }
    const all = await receive("js-positions", "0", 5);
    assert.deepEqual(all.map((e) => e.body), ["e0", "e1", "e2", "e3", "e4"]);
    const bodies = async (position, count) =>
      (await receive("js-positions", "0", count, position)).map((e) => e.body);
    assert.deepEqual(await bodies({ sequenceNumber: 1 }, 3), ["e2", "e3", "e4"]);
    assert.deepEqual(await bodies({ sequenceNumber: 1, isInclusive: true }, 4), ["e1", "e2", "e3", "e4"]);
    assert.deepEqual(await bodies({ offset: all[3].offset, isInclusive: true }, 2), ["e3", "e4"]);
    assert.deepEqual(await bodies({ enqueuedOn: between }, 2), ["e3", "e4"]);
    // @latest: nothing sent before the subscription. Events are sent until one arrives, as the link's attach time
    // is not observable from here; the first to arrive must be one of them.
    let received = false;
    const latest = await receive("js-positions", "0", 1, latestEventPosition, async () => {
      for (let i = 0; !received && i < 120; i++) {
        await producer.sendBatch([{ body: `after ${i}` }], { partitionId: "0" });
        await new Promise((r) => setTimeout(r, 500));
      }
    });
    received = true;
    assert.match(latest[0].body, /^after \d+$/);
  } finally {
    await producer.close();
  }
});

test("a higher owner level takes the partition over", async () => {
  const producer = new EventHubProducerClient(connectionString, "js-epoch", { retryOptions });
  try {
    await producer.sendBatch([{ body: "e0" }, { body: "e1" }], { partitionId: "0" });
  } finally {
    await producer.close();
  }
  const first = firstError("js-epoch", "0", "$Default", { startPosition: earliestEventPosition, ownerLevel: 1 });
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const second = new EventHubConsumerClient("$Default", connectionString, "js-epoch");
    const events = [];
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the owner-level-2 reader got nothing")), 60000);
      second.subscribe(
        "0",
        {
          processEvents: async (batch) => {
            events.push(...batch);
            if (events.length >= 2) {
              clearTimeout(timer);
              resolve();
            }
          },
          processError: async () => {},
        },
        { startPosition: earliestEventPosition, ownerLevel: 2, maxWaitTimeInSeconds: 1 },
      );
    });
    await second.close();
    assert.deepEqual(events.map((e) => e.body), ["e0", "e1"]);
    const error = await first.error;
    assert.match(`${error.code} ${error.message}`, /epoch|owner|ReceiverDisconnected|stolen/i);
  } finally {
    await first.consumer.close();
  }
});

test("an unknown consumer group is refused naming it", async () => {
  const { consumer, error } = firstError("js-props", "0", "no-such-group", { startPosition: earliestEventPosition });
  try {
    assert.match((await error).message, /no-such-group/);
  } finally {
    await consumer.close();
  }
});

test("an oversize event is refused", async () => {
  const producer = new EventHubProducerClient(connectionString, "js-send", { retryOptions });
  try {
    await assert.rejects(producer.sendBatch([{ body: Buffer.alloc(2 * 1024 * 1024) }], { partitionId: "0" }), (e) => {
      assert.match(`${e.code} ${e.message}`, /too large|size|MessageTooLarge/i);
      return true;
    });
  } finally {
    await producer.close();
  }
});

test("a token credential signs in with a JWT over TLS, trusting the endpoint's certificate", async () => {
  const scopes = [];
  const credential = {
    getToken: async (scope) => {
      scopes.push(scope);
      return { token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJqcyJ9.", expiresOnTimestamp: Date.now() + 3600000 };
    },
  };
  // The service's form: a namespace and a credential; the address says where this endpoint listens.
  const options = { customEndpointAddress: process.env.TLS_ENDPOINT, retryOptions };
  const producer = new EventHubProducerClient("localhost", "js-jwt", credential, options);
  try {
    assert.deepEqual((await producer.getEventHubProperties()).partitionIds, ["0"]);
    await producer.sendBatch([{ body: "signed in with a token" }], { partitionId: "0" });
    assert.equal((await producer.getPartitionProperties("0")).lastEnqueuedSequenceNumber, 0);
  } finally {
    await producer.close();
  }
  assert.ok(scopes.length > 0 && scopes.every((s) => `${s}` === "https://eventhubs.azure.net//.default"), `${scopes}`);
});
