/// An error reading, writing or looking up a safetensors checkpoint.
///
/// Every message says what was wrong (with expected and actual values) and what to do. `path` is
/// the file's path, or `"<memory>"` for bytes parsed with ``SafeTensorsFile/init(bytes:)``.
public enum CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file could not be opened or read (`reason` is the system's message).
  case unreadable(path: String, reason: String)
  /// The file ends before the 8-byte header length or before the end of the header.
  case truncated(path: String, fileSize: Int, needed: Int)
  /// The 8-byte little-endian header length is impossible: zero, larger than the rest of the
  /// file, or larger than the 100 MB limit.
  case invalidHeaderLength(path: String, headerLength: UInt64, fileSize: Int)
  /// The header is not well-formed JSON, not an object, or not valid UTF-8.
  case malformedHeader(path: String, byteOffset: Int, reason: String)
  /// A header entry has a missing, extra or wrongly typed field.
  case invalidEntry(path: String, tensor: String, reason: String)
  /// A tensor's dtype is not one of ``SafeTensorDType``.
  case unknownDType(path: String, tensor: String, dtype: String)
  /// A tensor's byte span does not equal the size implied by its shape and dtype.
  case sizeMismatch(path: String, tensor: String, shape: [Int], dtype: SafeTensorDType, expectedBytes: Int, actualBytes: Int)
  /// A tensor's data lie (partly) past the end of the file's data section.
  case outOfBounds(path: String, tensor: String, begin: Int, end: Int, dataSize: Int)
  /// Two tensors share bytes.
  case overlapping(path: String, first: String, second: String, firstEnd: Int, secondBegin: Int)
  /// Bytes between two tensors (or before the first) that no tensor owns.
  case gap(path: String, after: String?, before: String, gapBegin: Int, gapEnd: Int)
  /// Bytes after the last tensor's data.
  case trailingBytes(path: String, lastEnd: Int, dataSize: Int)
  /// The requested tensor is not in the file.
  case missingTensor(name: String, available: [String])
  /// A tensor has a different dtype than the caller expected.
  case dtypeMismatch(name: String, expected: SafeTensorDType, actual: SafeTensorDType)
  /// A tensor has a different shape than the caller expected.
  case shapeMismatch(name: String, expected: [Int], actual: [Int])
  /// Values given to build a tensor do not match its shape or dtype size.
  case invalidTensor(name: String, reason: String)
  /// The checkpoint could not be written (`reason` is the system's message). Any previous file at
  /// `path` is left unchanged.
  case writeFailed(path: String, reason: String)

  /// A message saying what was wrong and what to do.
  public var description: String {
    let corrupt = "The file is corrupt or not a safetensors file: re-create it, or restore it from a backup."
    switch self {
    case .unreadable(let path, let reason):
      return "cannot read the checkpoint '\(path)': \(reason). Check that the path exists and is readable."
    case .truncated(let path, let size, let needed):
      return "the checkpoint '\(path)' is truncated: it has \(size) bytes but its header needs at least \(needed). "
        + "The file was probably cut short by an interrupted copy or write; re-create it or restore it."
    case .invalidHeaderLength(let path, let n, let size):
      return "the checkpoint '\(path)' declares a header of \(n) bytes, which is impossible for a file of "
        + "\(size) bytes (must be 1…min(file size − 8, 100000000)). " + corrupt
    case .malformedHeader(let path, let offset, let reason):
      return "the header of the checkpoint '\(path)' is not valid: \(reason) (at header byte \(offset)). " + corrupt
    case .invalidEntry(let path, let tensor, let reason):
      return "tensor '\(tensor)' in the checkpoint '\(path)' has an invalid header entry: \(reason). "
        + "Each entry must be {\"dtype\": string, \"shape\": [non-negative integers], "
        + "\"data_offsets\": [begin, end]}. " + corrupt
    case .unknownDType(let path, let tensor, let dtype):
      return "tensor '\(tensor)' in the checkpoint '\(path)' has dtype \"\(dtype)\", which is not supported "
        + "(supported: \(SafeTensorDType.allCases.map(\.rawValue).joined(separator: ", "))). "
        + "Convert the tensor to a supported dtype when saving."
    case .sizeMismatch(let path, let tensor, let shape, let dtype, let expected, let actual):
      return "tensor '\(tensor)' in the checkpoint '\(path)' has shape \(shape) and dtype \(dtype.rawValue), "
        + "so it needs \(expected) bytes, but its data_offsets span \(actual) bytes. " + corrupt
    case .outOfBounds(let path, let tensor, let begin, let end, let dataSize):
      return "tensor '\(tensor)' in the checkpoint '\(path)' occupies data bytes \(begin)..<\(end), but the data "
        + "section has only \(dataSize) bytes: the file is truncated or its header is corrupt. "
        + "Re-create it or restore it from a backup."
    case .overlapping(let path, let a, let b, let aEnd, let bBegin):
      return "tensors '\(a)' and '\(b)' in the checkpoint '\(path)' overlap: '\(a)' ends at data byte \(aEnd) "
        + "but '\(b)' begins at \(bBegin). " + corrupt
    case .gap(let path, let after, let before, let g0, let g1):
      let where_ = after.map { "between '\($0)' and '\(before)'" } ?? "before '\(before)'"
      return "the checkpoint '\(path)' has unused data bytes \(g0)..<\(g1) \(where_); tensors must be "
        + "contiguous from byte 0. " + corrupt
    case .trailingBytes(let path, let lastEnd, let dataSize):
      return "the checkpoint '\(path)' has \(dataSize - lastEnd) bytes after the last tensor (data ends at "
        + "\(lastEnd), the data section has \(dataSize) bytes). " + corrupt
    case .missingTensor(let name, let available):
      let list = available.count <= 20 ? available.joined(separator: ", ") : available.prefix(20).joined(separator: ", ") + ", …"
      return "the checkpoint has no tensor named '\(name)' (it has \(available.count): \(list)). "
        + "Check that the checkpoint was saved by the same model."
    case .dtypeMismatch(let name, let expected, let actual):
      return "tensor '\(name)' has dtype \(actual.rawValue), expected \(expected.rawValue). "
        + "Check that the checkpoint was saved by the same model, or convert the tensor."
    case .shapeMismatch(let name, let expected, let actual):
      return "tensor '\(name)' has shape \(actual), expected \(expected). "
        + "Check that the checkpoint was saved by a model with the same architecture and sizes."
    case .invalidTensor(let name, let reason):
      return "cannot build tensor '\(name)': \(reason)."
    case .writeFailed(let path, let reason):
      return "cannot write the checkpoint '\(path)': \(reason). Any previous file at that path is unchanged. "
        + "Check that the directory exists, is writable and has free space."
    }
  }
}
