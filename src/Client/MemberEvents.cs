using System.Text.Json;

namespace MeshCall.Client;

/// <summary>How a message about members, their room and its lobby becomes a typed event, for the client and the session alike.</summary>
internal static class MemberEvents
{
    public static void Raise(
        string op,
        JsonElement message,
        Action<RoomUpdate>? roomUpdated,
        Action<string, string>? roleChanged,
        Action<ModerationRequest>? moderationRequested,
        Action<PeerUpdate>? peerUpdated,
        Action<Knock>? knocked,
        Action<string>? knockWithdrawn)
    {
        switch (op)
        {
            case "room-updated":
                roomUpdated?.Invoke(RoomUpdate.Read(message));
                break;
            case "role-changed":
                roleChanged?.Invoke(message.GetProperty("peerId").GetString()!, message.GetProperty("role").GetString()!);
                break;
            case "moderation":
                moderationRequested?.Invoke(ModerationRequest.Read(message));
                break;
            case "peer-updated":
                peerUpdated?.Invoke(PeerUpdate.Read(message));
                break;
            case "knock":
                knocked?.Invoke(Knock.Read(message));
                break;
            case "knock-withdrawn":
                knockWithdrawn?.Invoke(message.GetProperty("lobbyId").GetString()!);
                break;
        }
    }
}
