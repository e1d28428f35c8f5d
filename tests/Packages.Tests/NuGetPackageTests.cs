using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace MeshCall.Packages.Tests;

/// <summary><c>dotnet pack src/Client</c>: the MeshCall.Client package a .NET app installs.</summary>
public sealed class NuGetPackageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>The Portable PDB's kind of custom debug information that holds a document's source.</summary>
    private static readonly Guid EmbeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    [Fact]
    public async Task The_package_is_MeshCall_Client_at_the_repository_version_with_its_readme_license_and_no_dependencies()
    {
        using var feed = new TempFolder();
        using var package = await PackAsync(feed.Path);
        var nuspec = XDocument.Load(package.GetEntry("MeshCall.Client.nuspec")!.Open()).Root!;
        string? Metadata(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("MeshCall.Client", Metadata("id"));
        Assert.Equal(Repository.Version, Metadata("version"));
        Assert.Equal("MIT", Metadata("license"));
        Assert.False(string.IsNullOrWhiteSpace(Metadata("authors")));
        Assert.False(string.IsNullOrWhiteSpace(Metadata("description")));
        Assert.Contains("webrtc", Metadata("tags")!.Split(' '));
        Assert.Equal("README.md", Metadata("readme"));
        Assert.Contains("MeshCallSession", await ReadAsync(package, "README.md"));

        // The client speaks plain WebSocket JSON: installing it brings no Orleans, nor anything else.
        var groups = nuspec.Descendants().Where(e => e.Name.LocalName == "group").ToList();
        Assert.Equal(["net10.0"], groups.Select(g => g.Attribute("targetFramework")?.Value));
        Assert.Empty(groups.SelectMany(g => g.Elements()));
        Assert.NotNull(package.GetEntry("lib/net10.0/MeshCall.Client.xml")); // IntelliSense
    }

    [Fact]
    public async Task The_dll_carries_its_pdb_and_the_sources_so_a_debugger_steps_into_the_client()
    {
        using var feed = new TempFolder();
        using var package = await PackAsync(feed.Path);
        using var dll = new MemoryStream();
        await using (var entry = package.GetEntry("lib/net10.0/MeshCall.Client.dll")!.Open())
        {
            await entry.CopyToAsync(dll);
        }

        dll.Position = 0;
        using var pe = new PEReader(dll);
        var embedded = pe.ReadDebugDirectory().Single(d => d.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var pdb = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded);
        var reader = pdb.GetMetadataReader();
        var withSource = reader.Documents
            .Where(handle => reader.GetCustomDebugInformation(handle)
                .Any(info => reader.GetGuid(reader.GetCustomDebugInformation(info).Kind) == EmbeddedSource))
            .Select(handle => Path.GetFileName(reader.GetString(reader.GetDocument(handle).Name)));
        Assert.Contains("MeshCallSession.cs", withSource);
    }

    [Fact]
    public async Task A_console_app_restores_it_from_a_local_folder_and_compiles_against_MeshCallSession()
    {
        using var feed = new TempFolder();
        using (await PackAsync(feed.Path))
        {
        }

        using var app = new TempFolder();
        // Only the folder, and a package cache of its own: what is checked is this package, not one cached before.
        await File.WriteAllTextAsync(app["nuget.config"], $"""
            <configuration>
              <config><add key="globalPackagesFolder" value="{app["packages"]}" /></config>
              <packageSources><clear /><add key="local" value="{feed.Path}" /></packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(app["App.csproj"], $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MeshCall.Client" Version="{Repository.Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(app["Program.cs"], """"
            using MeshCall.Client;

            await using var session = await MeshCallSession.JoinAsync(
                new MeshCallSessionOptions([new Uri(args[0])], Room: "standup", Name: "Ada"));
            session.PeerJoined += peer => Console.WriteLine(peer.PeerId);
            await session.BroadcastAsync("""{"chat":"hello"}""");
            await session.LeaveAsync();
            """");

        await Tool.RunOkAsync("dotnet", ["build", "-c", "Release", "--nologo", "-v", "quiet", "--disable-build-servers"], app.Path, Timeout);
        Assert.True(File.Exists(app[Path.Combine("bin", "Release", "net10.0", "MeshCall.Client.dll")]));
    }

    private static async Task<ZipArchive> PackAsync(string feed)
    {
        await Tool.RunOkAsync(
            "dotnet", ["pack", Repository.PathOf("src", "Client", "Client.csproj"), "-c", "Release", "-o", feed, "--nologo", "-v", "quiet", "--disable-build-servers"],
            Repository.Root, Timeout);
        return ZipFile.OpenRead(Path.Combine(feed, $"MeshCall.Client.{Repository.Version}.nupkg"));
    }

    private static async Task<string> ReadAsync(ZipArchive package, string path)
    {
        using var reader = new StreamReader(package.GetEntry(path)!.Open());
        return await reader.ReadToEndAsync();
    }
}
