/// The element type of a safetensors tensor; the raw value is the format's dtype string.
///
/// All dtypes of the safetensors format are recognised (so any valid file loads, as raw bytes);
/// typed conversions exist for ``float32``, ``float64``, ``int64``, ``int32`` and ``uint8``.
/// Multi-byte values are stored little-endian.
public enum SafeTensorDType: String, CaseIterable, Sendable {
  /// IEEE 754 binary64 (`"F64"`).
  case float64 = "F64"
  /// IEEE 754 binary32 (`"F32"`), the main dtype of DiffEq checkpoints.
  case float32 = "F32"
  /// IEEE 754 binary16 (`"F16"`), raw bytes only.
  case float16 = "F16"
  /// bfloat16 (`"BF16"`), raw bytes only.
  case bfloat16 = "BF16"
  /// 8-bit float E4M3 (`"F8_E4M3"`), raw bytes only.
  case float8E4M3 = "F8_E4M3"
  /// 8-bit float E5M2 (`"F8_E5M2"`), raw bytes only.
  case float8E5M2 = "F8_E5M2"
  /// Signed 64-bit integer (`"I64"`).
  case int64 = "I64"
  /// Signed 32-bit integer (`"I32"`).
  case int32 = "I32"
  /// Signed 16-bit integer (`"I16"`), raw bytes only.
  case int16 = "I16"
  /// Signed 8-bit integer (`"I8"`), raw bytes only.
  case int8 = "I8"
  /// Unsigned 64-bit integer (`"U64"`), raw bytes only.
  case uint64 = "U64"
  /// Unsigned 32-bit integer (`"U32"`), raw bytes only.
  case uint32 = "U32"
  /// Unsigned 16-bit integer (`"U16"`), raw bytes only.
  case uint16 = "U16"
  /// Unsigned 8-bit integer (`"U8"`).
  case uint8 = "U8"
  /// Boolean stored as one byte (`"BOOL"`), raw bytes only.
  case bool = "BOOL"

  /// Bytes per element.
  public var byteSize: Int {
    switch self {
    case .float64, .int64, .uint64: return 8
    case .float32, .int32, .uint32: return 4
    case .float16, .bfloat16, .int16, .uint16: return 2
    case .float8E4M3, .float8E5M2, .int8, .uint8, .bool: return 1
    }
  }
}
