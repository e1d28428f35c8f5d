using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using MeshCall.Gateway.Protocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace MeshCall.Gateway.Transports;

/// <summary>
/// SignalR words every failed invocation as "An unexpected error occurred invoking 'X' on the server.
/// HubException: …". PROTOCOL.md promises hub errors whose message starts with the error code, so this
/// wrapper around a hub protocol sends a <see cref="HubException"/>'s own message as the error, nothing else.
/// Every other failure is SignalR's own (an unknown method, an argument it cannot bind): `invalid-message`.
/// </summary>
internal sealed class CodedErrorHubProtocol(IHubProtocol inner) : IHubProtocol
{
    private const string Marker = " HubException: ";

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        inner.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(Coded(message), output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(Coded(message));

    private static HubMessage Coded(HubMessage message)
    {
        if (message is CompletionMessage { Error: { } error } completion)
        {
            // Our errors are HubExceptions that start with a protocol code; SignalR throws some of its own too.
            var at = error.IndexOf(Marker, StringComparison.Ordinal);
            var own = at >= 0 ? error[(at + Marker.Length)..] : string.Empty;
            return CompletionMessage.WithError(completion.InvocationId!, ErrorCodes.StartsWithCode(own)
                ? own
                : $"{ErrorCodes.InvalidMessage}: no such method, or arguments it cannot take");
        }

        return message;
    }
}
