// The `cleanlab` command-line tool (built as the executable product `cleanlab-cli`; `make build`
// links it as .build/bin/cleanlab). Exit codes: 0 success, 1 data error, 2 usage error.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import CleanlabCore

struct CleanlabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanlab",
        abstract: "Find label errors in classification datasets with confident learning (cleanlab 2.9.0's answers).",
        discussion: """
        Exit codes: 0 success, 1 data error (a file is missing, unreadable, truncated or holds \
        invalid values; the message names the file, row and column), 2 usage error.
        """,
        version: "cleanlab (libcleanlab 0.3.0)",
        subcommands: [FindIssues.self, Health.self, Learn.self, Demo.self]
    )
}

/// Exit code and message for everything that can go wrong; never a stack trace.
func finish(with error: Error) -> Never {
    switch error {
    case let e as DataError:
        writeStderr("cleanlab: error: \(e.message)\n")
        exit(1)
    case let e as UsageError:
        writeStderr("cleanlab: usage error: \(e.message)\n")
        exit(2)
    case let e as CleanlabError:
        writeStderr("cleanlab: error: \(e.message)\n")
        exit(e.code == .invalidArgument ? 2 : 1)
    default:
        let code = CleanlabCommand.exitCode(for: error)
        let message = CleanlabCommand.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }
            exit(0)
        }
        if !message.isEmpty { writeStderr(message + "\n") }
        exit(code == .validationFailure ? 2 : 1)
    }
}

do {
    var command = try CleanlabCommand.parseAsRoot()
    try command.run()
    exit(0)
} catch {
    finish(with: error)
}
