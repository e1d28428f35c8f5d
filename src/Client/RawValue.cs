using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeshCall.Client;

/// <summary>JSON text written into a request as it is (validated, not re-encoded), so the peer gets the same bytes.</summary>
[JsonConverter(typeof(RawValueConverter))]
internal sealed record RawValue(string Json);

internal sealed class RawValueConverter : JsonConverter<RawValue>
{
    public override RawValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("RawValue is written only");

    public override void Write(Utf8JsonWriter writer, RawValue value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json);
}
