using System.Text;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;
using MeshCall.Grains.Gateways;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MeshCall.Grains.Tests;

/// <summary>The silo's push batcher on its own: a scripted gateway answers each call when the test says, on a fake clock.</summary>
public sealed class GatewayPushesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();

    private static NumberedEvent Signal(long seq, int bytes = 10) =>
        new(seq, new SignalEvent(PeerId.New(), SignalType.Candidate, Encoding.UTF8.GetBytes(new string('x', bytes))));

    private GatewayPushes Pushes(PushBatchLimits? limits = null) =>
        new(_time, NullLogger<GatewayPushes>.Instance, limits ?? PushBatchLimits.Default);

    [Fact]
    public async Task A_lone_event_goes_at_once_and_what_is_pushed_while_it_is_in_flight_goes_next_as_one_call_in_order()
    {
        var pushes = Pushes();
        var gateway = new ScriptedGateway();

        var first = pushes.PushAsync(gateway.Connect("a"), Signal(1), PushTimeout);
        var firstCall = await gateway.NextCallAsync();
        Assert.Equal([1L], firstCall.Seqs);

        var later = new[] { pushes.PushAsync(gateway.Connect("b"), Signal(2), PushTimeout), pushes.PushAsync(gateway.Connect("a"), Signal(3), PushTimeout), pushes.PushAsync(gateway.Connect("b"), Signal(4), PushTimeout) };
        Assert.False(first.IsCompleted, "an event is confirmed only by its gateway's answer");
        firstCall.Accept();
        Assert.Equal(PushResult.Confirmed, await first.WaitAsync(Wait));

        var secondCall = await gateway.NextCallAsync();
        Assert.Equal([2L, 3L, 4L], secondCall.Seqs);
        Assert.Equal(["b", "a", "b"], secondCall.Batch.Select(e => e.ConnectionId));
        secondCall.Accept();
        Assert.All(await Task.WhenAll(later).WaitAsync(Wait), result => Assert.Equal(PushResult.Confirmed, result));
    }

    [Fact]
    public async Task A_batch_carries_at_most_its_limits_of_events_and_bytes_and_an_event_over_the_byte_limit_goes_alone()
    {
        // Signals of 1,000 bytes count 1,160 and of 10 bytes 170: 2,400 bytes take two large ones, not a third or a small one more.
        var pushes = Pushes(new PushBatchLimits(MaxEvents: 3, MaxBytes: 2400));
        var gateway = new ScriptedGateway();
        var connection = gateway.Connect("a");
        var first = pushes.PushAsync(connection, Signal(1), PushTimeout);
        var held = await gateway.NextCallAsync();

        var sizes = new[] { 10, 10, 10, 10, 1000, 1000, 1000, 5000, 10 };
        var results = sizes.Select((bytes, i) => pushes.PushAsync(connection, Signal(i + 2, bytes), PushTimeout)).ToList();
        held.Accept();

        var calls = new List<long[]>();
        while (calls.Sum(c => c.Length) < sizes.Length)
        {
            var call = await gateway.NextCallAsync();
            calls.Add([.. call.Seqs]);
            call.Accept();
        }

        Assert.Equal<long[]>([[2, 3, 4], [5, 6], [7, 8], [9], [10]], calls);
        Assert.All(await Task.WhenAll(results).WaitAsync(Wait), result => Assert.Equal(PushResult.Confirmed, result));
        Assert.Equal(PushResult.Confirmed, await first);
    }

    [Fact]
    public async Task Events_of_a_batch_without_an_answer_are_unanswered_at_its_deadline_and_the_next_batch_gets_the_rest_of_its_own_time()
    {
        var pushes = Pushes();
        var gateway = new ScriptedGateway();
        var first = pushes.PushAsync(gateway.Connect("a"), Signal(1), PushTimeout);
        var lost = await gateway.NextCallAsync();
        _time.Advance(TimeSpan.FromMilliseconds(600));
        var second = pushes.PushAsync(gateway.Connect("a"), Signal(2), PushTimeout);

        _time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(PushResult.NoAnswer, await first.WaitAsync(Wait));
        var next = await gateway.NextCallAsync();
        Assert.Equal([2L], next.Seqs);

        // The second event was pushed 600 ms after the first: its batch waits until its own timeout, 600 ms later.
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(second.IsCompleted);
        next.Accept();
        Assert.Equal(PushResult.Confirmed, await second.WaitAsync(Wait));

        // The late answer to the first batch changes nothing.
        lost.Accept();
        Assert.Equal(PushResult.NoAnswer, await first);
    }

    [Fact]
    public async Task An_event_whose_time_ran_out_behind_another_batch_is_unanswered_but_still_sent_and_nothing_waits_for_that_call()
    {
        var pushes = Pushes();
        var gateway = new ScriptedGateway();
        var first = pushes.PushAsync(gateway.Connect("a"), Signal(1), PushTimeout);
        var lost = await gateway.NextCallAsync();
        var impatient = pushes.PushAsync(gateway.Connect("b"), Signal(2), TimeSpan.FromMilliseconds(200));

        _time.Advance(PushTimeout);
        Assert.Equal(PushResult.NoAnswer, await first.WaitAsync(Wait));
        Assert.Equal(PushResult.NoAnswer, await impatient.WaitAsync(Wait));
        Assert.Equal([2L], (await gateway.NextCallAsync()).Seqs);

        // That call is never answered, and the next push goes at once all the same.
        var third = pushes.PushAsync(gateway.Connect("a"), Signal(3), PushTimeout);
        var call = await gateway.NextCallAsync();
        Assert.Equal([3L], call.Seqs);
        call.Accept();
        Assert.Equal(PushResult.Confirmed, await third.WaitAsync(Wait));
        lost.Accept();
    }

    [Fact]
    public async Task An_event_for_a_connection_its_gateway_no_longer_holds_is_gone_and_the_rest_of_its_batch_confirmed()
    {
        var pushes = Pushes();
        var gateway = new ScriptedGateway();
        var first = pushes.PushAsync(gateway.Connect("a"), Signal(1), PushTimeout);
        var held = await gateway.NextCallAsync();
        var toGone = pushes.PushAsync(gateway.Connect("gone"), Signal(2), PushTimeout);
        var toKept = pushes.PushAsync(gateway.Connect("a"), Signal(3), PushTimeout);
        held.Accept();

        var call = await gateway.NextCallAsync();
        call.Answer.SetResult([call.Batch.IndexOf(call.Batch.Single(e => e.ConnectionId == "gone"))]);

        Assert.Equal(PushResult.ConnectionGone, await toGone.WaitAsync(Wait));
        Assert.Equal(PushResult.Confirmed, await toKept.WaitAsync(Wait));
        Assert.Equal(PushResult.Confirmed, await first);
    }

    [Fact]
    public async Task A_failed_call_leaves_its_events_unanswered_at_once()
    {
        var pushes = Pushes();
        var gateway = new ScriptedGateway();
        var pushed = pushes.PushAsync(gateway.Connect("a"), Signal(1), PushTimeout);

        (await gateway.NextCallAsync()).Answer.SetException(new TimeoutException("the silo on the path died"));

        Assert.Equal(PushResult.NoAnswer, await pushed.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_gateway_that_does_not_answer_holds_up_no_push_to_another()
    {
        var pushes = Pushes();
        var silent = new ScriptedGateway();
        var answering = new ScriptedGateway();
        var stuck = pushes.PushAsync(silent.Connect("a"), Signal(1), PushTimeout);
        await silent.NextCallAsync();

        var other = pushes.PushAsync(answering.Connect("b"), Signal(1), PushTimeout);
        (await answering.NextCallAsync()).Accept();

        Assert.Equal(PushResult.Confirmed, await other.WaitAsync(Wait));
        Assert.False(stuck.IsCompleted);
    }
}
