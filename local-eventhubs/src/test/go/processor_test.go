package localeventhubs_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/messaging/azeventhubs/v2"
)

// memoryStore is a CheckpointStore of the user's own, in memory, as the interface allows (the SDK ships a blob store,
// which needs Azure Storage): ownership claimed by ETag, checkpoints by partition.
type memoryStore struct {
	mu          sync.Mutex
	version     int
	ownerships  map[string]azeventhubs.Ownership
	checkpoints map[string]azeventhubs.Checkpoint
}

func newMemoryStore() *memoryStore {
	return &memoryStore{ownerships: map[string]azeventhubs.Ownership{}, checkpoints: map[string]azeventhubs.Checkpoint{}}
}

func (s *memoryStore) ClaimOwnership(_ context.Context, claims []azeventhubs.Ownership, _ *azeventhubs.ClaimOwnershipOptions) ([]azeventhubs.Ownership, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var claimed []azeventhubs.Ownership
	for _, claim := range claims {
		current, owned := s.ownerships[claim.PartitionID]
		if owned && (claim.ETag == nil || *current.ETag != *claim.ETag) {
			continue // someone else changed it since the claimant looked
		}
		s.version++
		claim.ETag = ptr(azcore.ETag(strconv.Itoa(s.version)))
		claim.LastModifiedTime = time.Now()
		s.ownerships[claim.PartitionID] = claim
		claimed = append(claimed, claim)
	}
	return claimed, nil
}

func (s *memoryStore) ListOwnership(_ context.Context, _, _, _ string, _ *azeventhubs.ListOwnershipOptions) ([]azeventhubs.Ownership, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Collect(maps.Values(s.ownerships)), nil
}

func (s *memoryStore) ListCheckpoints(_ context.Context, _, _, _ string, _ *azeventhubs.ListCheckpointsOptions) ([]azeventhubs.Checkpoint, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Collect(maps.Values(s.checkpoints)), nil
}

func (s *memoryStore) SetCheckpoint(_ context.Context, checkpoint azeventhubs.Checkpoint, _ *azeventhubs.SetCheckpointOptions) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checkpoints[checkpoint.PartitionID] = checkpoint
	return nil
}

// process runs a Processor over every partition of hub until it has read perPartition events from each, checkpointing
// the last; it returns the bodies it read, by partition.
func process(t *testing.T, hub string, store azeventhubs.CheckpointStore, perPartition int) map[string][]string {
	processor, err := azeventhubs.NewProcessor(consumer(t, hub, azeventhubs.DefaultConsumerGroup), store,
		&azeventhubs.ProcessorOptions{
			LoadBalancingStrategy: azeventhubs.ProcessorStrategyGreedy,
			UpdateInterval:        time.Second,
			StartPositions:        azeventhubs.StartPositions{Default: azeventhubs.StartPosition{Earliest: ptr(true)}},
		})
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	running, stop := context.WithCancel(ctx)
	stopped := make(chan error, 1)
	go func() { stopped <- processor.Run(running) }()

	var mu sync.Mutex
	read := map[string][]string{}
	var partitions sync.WaitGroup
	partitions.Add(3)
	for i := 0; i < 3; i++ {
		client := processor.NextPartitionClient(ctx)
		if client == nil {
			t.Fatalf("the processor handed out %d of 3 partitions", i)
		}
		go func() {
			defer partitions.Done()
			defer client.Close(context.Background())
			var events []*azeventhubs.ReceivedEventData
			for len(events) < perPartition {
				batch, err := client.ReceiveEvents(ctx, perPartition-len(events), nil)
				events = append(events, batch...)
				if err != nil && len(events) < perPartition {
					t.Errorf("partition %s: read %d of %d events: %v", client.PartitionID(), len(events), perPartition, err)
					break
				}
			}
			if len(events) > 0 {
				if err := client.UpdateCheckpoint(ctx, events[len(events)-1], nil); err != nil {
					t.Errorf("checkpointing partition %s: %v", client.PartitionID(), err)
				}
			}
			mu.Lock()
			read[client.PartitionID()] = bodies(events)
			mu.Unlock()
		}()
	}
	partitions.Wait()
	stop()
	if err := <-stopped; err != nil && running.Err() == nil {
		t.Fatal(err)
	}
	return read
}

func TestAProcessorResumesAfterItsCheckpoints(t *testing.T) {
	client := producer(t, "go-processor")
	sendRound := func(round string) map[string][]string {
		want := map[string][]string{}
		for _, partition := range []string{"0", "1", "2"} {
			for i := 0; i < 2; i++ {
				body := fmt.Sprintf("%s p%s e%d", round, partition, i)
				send(t, client, &azeventhubs.EventDataBatchOptions{PartitionID: ptr(partition)}, text(body))
				want[partition] = append(want[partition], body)
			}
		}
		return want
	}
	store := newMemoryStore()
	first := sendRound("first")
	equal(t, "the first processor read", process(t, "go-processor", store, 2), first)

	// A new processor on the same store (a restarted job) starts after the checkpoints: the second round, not the first.
	second := sendRound("second")
	equal(t, "the restarted processor read", process(t, "go-processor", store, 2), second)
}
