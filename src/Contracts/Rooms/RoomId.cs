namespace MeshCall.Contracts.Rooms;

/// <summary>A room name: 1–128 chars of [A-Za-z0-9._-], as PROTOCOL.md defines it.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoomId")]
public readonly record struct RoomId([property: Id(0)] string Value)
{
    public const int MaxLength = 128;

    public static bool TryParse(string? value, out RoomId id)
    {
        id = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-')
            {
                return false;
            }
        }

        id = new RoomId(value);
        return true;
    }

    public override string ToString() => Value;
}
