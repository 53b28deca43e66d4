import Telemetry
// The error vocabulary (`ExitStatus`, `ClassifiedError`, `UsageError`, `DataError`) lives in Telemetry so
// that every module, importers included, raises classified errors. Workbench is the library's front
// door: it re-exports Telemetry, the data model its API speaks in, so that the CLI and library users
// import Workbench alone.
@_exported import Telemetry
