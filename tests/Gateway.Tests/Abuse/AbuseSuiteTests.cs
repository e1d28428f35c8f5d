namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>
/// The abuse suite: every hostile or broken input on each transport it applies to, against a real gateway on
/// 127.0.0.1. Each case asserts its exact error code (or close), then that the server still relays and that a
/// room no case addressed heard nothing.
/// </summary>
public sealed class AbuseSuiteTests(AbuseGateway gateway) : IClassFixture<AbuseGateway>
{
    private static readonly Dictionary<string, AbuseCase> Cases =
        PreJoinCases.All.Concat(MemberCases.All).Concat(ModerationCases.All).Concat(FrameCases.All).ToDictionary(c => c.Name);

    public static TheoryData<string, string> All
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var abuse in Cases.Values)
            {
                foreach (var transport in abuse.Transports)
                {
                    data.Add(abuse.Name, transport);
                }
            }

            return data;
        }
    }

    [Fact]
    public void The_suite_has_at_least_60_cases() => Assert.True(All.Count >= 60, $"{All.Count} cases");

    [Theory]
    [MemberData(nameof(All))]
    public async Task The_server_answers_with_the_exact_code_and_nothing_else_is_harmed(string name, string transport)
    {
        await Cases[name].Run(gateway, transport);
        await gateway.AssertUnharmedAsync();
    }
}
