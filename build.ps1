#!/usr/bin/env pwsh
# Pipeline entry point (PowerShell): checks the .NET SDK against global.json, rebuilds build/_build.csproj only when its
# sources changed (stamp of content hashes), then runs the build graph with the given arguments.
$ErrorActionPreference = 'Stop'
$Root = $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$env:PIPELINE_ROOT = $Root
$InstallUrl = 'https://dotnet.microsoft.com/download/dotnet'
$BuildProject = Join-Path $Root 'build/_build.csproj'
$BuildDll = Join-Path $Root 'build/bin/Debug/net10.0/_build.dll'
$Stamp = Join-Path $Root '.nuke/temp/build.stamp'

$required = [version](Get-Content (Join-Path $Root 'global.json') -Raw | ConvertFrom-Json).sdk.version
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error "'dotnet' is not on PATH. Install the .NET SDK $($required.Major).$($required.Minor) ($required or a later feature band) from $InstallUrl/$($required.Major).$($required.Minor) and re-run."
    exit 1
}
$best = $null
foreach ($line in (& dotnet --list-sdks)) {
    $text = ($line -split ' ')[0] -replace '-.*$', ''
    $v = [version]$text
    if ($v.Major -eq $required.Major -and $v.Minor -eq $required.Minor -and $v.Build -ge $required.Build) { $best = $text }
}
if (-not $best) {
    Write-Error "No .NET SDK compatible with global.json ($required, rollForward latestFeature). Install it from $InstallUrl/$($required.Major).$($required.Minor) and re-run."
    exit 1
}

$sha = [System.Security.Cryptography.SHA256]::Create()
$files = @('build', 'src') | ForEach-Object { Get-ChildItem -Path (Join-Path $Root $_) -Recurse -File -Include *.cs, *.csproj, *.props, *.targets, *.json, *.proto } |
    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
$files += @('Directory.Build.props', 'Directory.Packages.props', 'global.json') | ForEach-Object { Get-Item (Join-Path $Root $_) }
$lines = @("sdk $best") + ($files | Sort-Object FullName | ForEach-Object {
    "$([BitConverter]::ToString($sha.ComputeHash([IO.File]::ReadAllBytes($_.FullName))))  $([IO.Path]::GetRelativePath($Root, $_.FullName))"
})
$current = [BitConverter]::ToString($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes(($lines -join "`n"))))

if (-not (Test-Path $BuildDll) -or -not (Test-Path $Stamp) -or (Get-Content $Stamp -Raw).Trim() -ne $current) {
    Write-Host 'build.ps1: building build/_build.csproj (sources changed since the last build)'
    & dotnet build $BuildProject -c Debug -nologo -v quiet -clp:NoSummary
    if ($LASTEXITCODE -ne 0) { Write-Error 'building build/_build.csproj failed; the compiler errors are above.'; exit $LASTEXITCODE }
    New-Item -ItemType Directory -Force -Path (Split-Path $Stamp) | Out-Null
    Set-Content -Path $Stamp -Value $current
}

& dotnet $BuildDll @args
exit $LASTEXITCODE
