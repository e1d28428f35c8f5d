using System.Text.RegularExpressions;

namespace MeshCall.Gateway.Tests.CrossOrigin;

/// <summary>The browser library's files as a page from another origin fetches them, with its <c>Origin</c>.</summary>
internal static partial class LibraryFiles
{
    /// <summary><c>/meshcall.js</c> and every module it imports.</summary>
    public static async Task<IReadOnlyList<string>> PathsAsync(Uri gateway)
    {
        using var http = new HttpClient();
        var library = new Uri(gateway, "/meshcall.js");
        var source = await http.GetStringAsync(library);
        return ["/meshcall.js", .. Import().Matches(source).Select(m => new Uri(library, m.Groups[1].Value).AbsolutePath)];
    }

    /// <summary>The <c>Access-Control-Allow-Origin</c> answered to a GET of <paramref name="path"/> from <paramref name="origin"/>, or null.</summary>
    public static async Task<string?> AllowedOriginAsync(Uri gateway, string path, string origin)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, path));
        request.Headers.Add("Origin", origin);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? string.Join(",", values) : null;
    }

    [GeneratedRegex("""^import .* from '([^']+)';""", RegexOptions.Multiline)]
    private static partial Regex Import();
}
