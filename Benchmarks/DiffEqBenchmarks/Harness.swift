// Shared benchmark harness: timing, result records and the JSON-lines report.
import Foundation

/// One benchmark: a dotted name (`area.case`) and a body that measures and returns its result.
struct Benchmark: Sendable {
  let name: String
  let run: @Sendable () throws -> BenchmarkResult
}

/// A benchmark's measured fields, printed as one JSON object per line at the end of the run.
///
/// Ratio benchmarks carry `ours_s`, `baseline_s` and `ratio = ours_s / baseline_s` (lower is
/// better), both timed in the same process run, so machine noise largely cancels.
struct BenchmarkResult: Sendable {
  /// Ordered JSON fields after `"bench"`. Values are numbers or strings.
  var fields: [(String, BenchmarkValue)]
  /// The human-readable line printed as soon as the benchmark finishes.
  var summary: String

  /// A result comparing `ours` against `baseline` (seconds), with optional extra fields.
  static func ratio(
    ours: Double, baseline: Double, extra: [(String, BenchmarkValue)] = [], summary: String = ""
  ) -> BenchmarkResult {
    let r = ours / baseline
    let line = String(
      format: "ours %.4f s  baseline %.4f s  ratio %.3f", ours, baseline, r)
    return BenchmarkResult(
      fields: [("ours_s", .number(ours)), ("baseline_s", .number(baseline)), ("ratio", .number(r))]
        + extra,
      summary: summary.isEmpty ? line : line + "  " + summary)
  }
}

/// A JSON value in a benchmark line.
enum BenchmarkValue: Sendable {
  case number(Double)
  case string(String)

  var json: String {
    switch self {
    case .number(let x):
      return x.isFinite ? String(format: "%.6g", x) : "null"
    case .string(let s):
      let escaped = s.replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "\"", with: "\\\"")
      return "\"\(escaped)\""
    }
  }
}

/// Median wall-clock seconds of `repetitions` runs of `body`, after `warmup` unmeasured runs.
func medianSeconds(repetitions: Int = 5, warmup: Int = 1, _ body: () throws -> Void) rethrows
  -> Double
{
  for _ in 0..<warmup { try body() }
  var times: [Double] = []
  times.reserveCapacity(repetitions)
  for _ in 0..<repetitions {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    let end = DispatchTime.now().uptimeNanoseconds
    times.append(Double(end - start) * 1e-9)
  }
  times.sort()
  return times[times.count / 2]
}

/// Interleaved medians of two bodies (ours, baseline), so slow phases of a noisy machine hit both.
func interleavedMedianSeconds(
  repetitions: Int = 5, warmup: Int = 1, ours: () throws -> Void, baseline: () throws -> Void
) rethrows -> (ours: Double, baseline: Double) {
  for _ in 0..<warmup {
    try ours()
    try baseline()
  }
  var a: [Double] = []
  var b: [Double] = []
  for _ in 0..<repetitions {
    var start = DispatchTime.now().uptimeNanoseconds
    try ours()
    a.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    start = DispatchTime.now().uptimeNanoseconds
    try baseline()
    b.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
  }
  a.sort()
  b.sort()
  return (a[a.count / 2], b[b.count / 2])
}

/// Keeps the optimizer from deleting work whose result is otherwise unused.
@inline(never)
func blackHole<T>(_ value: T) {
  withExtendedLifetime(value) {}
}

/// Runs every benchmark whose name starts with `filter` and prints the report.
func runBenchmarks(_ all: [Benchmark], filter: String) -> Int32 {
  let selected = all.filter { filter.isEmpty || $0.name.hasPrefix(filter) }
  if selected.isEmpty {
    let names = all.map(\.name).joined(separator: ", ")
    print("No benchmark matches '\(filter)'. Available: \(names)")
    return 1
  }
  var lines: [String] = []
  var failed = false
  for bench in selected {
    do {
      let result = try bench.run()
      print("\(bench.name): \(result.summary)")
      let body = result.fields.map { "\"\($0.0)\": \($0.1.json)" }.joined(separator: ", ")
      lines.append("{\"bench\": \"\(bench.name)\", \(body)}")
    } catch {
      failed = true
      print("\(bench.name): FAILED: \(error)")
    }
  }
  print("")
  for line in lines { print(line) }
  return failed ? 1 : 0
}
