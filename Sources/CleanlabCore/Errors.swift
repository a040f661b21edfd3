/// An error of libcleanlab's core. `code` matches the C API's `cl_status` values.
public struct CleanlabError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; raw values are the C API's `cl_status` codes.
    public enum Code: Int32, Sendable {
        case nullPointer = 1
        case invalidArgument = 2
        case shape = 3
        case dtype = 4
        case labelRange = 5
        case notFinite = 6
        case probabilityRange = 7
        case tooFewClasses = 8
        case bufferTooSmall = 9
        case numeric = 10
        case noMemory = 11
        /// A classifier callback failed or returned malformed predictions (learning area).
        case callback = 12
        case `internal` = 99
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
