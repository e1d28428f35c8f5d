using System.ComponentModel.DataAnnotations;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Rooms;

/// <summary>Configuration section <c>Rooms</c>.</summary>
public sealed class RoomOptions
{
    public const string Section = "Rooms";

    /// <summary>A full mesh of N peers costs each one N-1 uplinks, so rooms stay small.</summary>
    [Range(2, 64)]
    public int MaxPeers { get; set; } = 8;

    /// <summary>How many may wait in one room's lobby; a fresh join beyond it is refused as <c>room-full</c>.</summary>
    [Range(1, 1024)]
    public int MaxLobby { get; set; } = 32;

    /// <summary>How long a session outlives its connection, counted from the last sign of life.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromSeconds(30);
}
