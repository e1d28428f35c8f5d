namespace MeshCall.Grains;

/// <summary>The grain storage rooms and sessions are kept in: Redis in a cluster, memory in one process.</summary>
public static class MeshCallStorage
{
    public const string Name = "meshcall";
}
