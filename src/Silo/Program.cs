using MeshCall.Silo;

SiloApp.Build(args).Run();
