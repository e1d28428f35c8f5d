using MeshCall.Gateway;

GatewayApp.Build(args).Run();
