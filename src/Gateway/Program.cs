using MeshCall.Gateway;
using MeshCall.Gateway.Security;

if (args.FirstOrDefault() == "token")
{
    return TokenCommand.Run(args[1..], Console.Out, Console.Error);
}

GatewayApp.Build(args).Run();
return 0;
