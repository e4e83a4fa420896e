namespace AlignLab.Core.Tests.Kernels;

/// <summary>Tests that change process-wide engine settings run one at a time.</summary>
[CollectionDefinition("EngineSettings", DisableParallelization = true)]
public class EngineSettingsCollection;
