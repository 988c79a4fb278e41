/// A single 2-D plot (axes, series, legend) rendered as a standalone SVG document.
///
/// ```swift
/// var fig = Figure(title: "Harmonic oscillator")
/// fig.xLabel = "t"; fig.yLabel = "x(t)"
/// fig.line(x: ts, y: xs, label: "numerical")
/// fig.scatter(x: ts, y: exact, label: "exact")
/// try fig.write(to: "out/oscillator.svg")
/// ```
///
/// Rules shared by every series:
/// - **Lengths.** When the arrays of one series differ in length, only the first
///   `min(count…)` entries are used; extra points are ignored (nothing is thrown).
/// - **Missing values.** A point with a NaN or infinite coordinate is not drawn: it breaks a line
///   or band into separate pieces, and is skipped by scatter and quiver. With ``logY`` a
///   non-positive `y` (or band bound) counts as missing too.
/// - **Colours.** A series without an explicit `color` takes the next colour of ``palette``
///   (the Okabe–Ito colour-blind-safe palette) in the order series are added; an explicit colour
///   (any SVG colour string, e.g. `"#cc0000"` or `"black"`) does not advance the cycle.
/// - **Legend.** Drawn in the top-right corner of the plot area when at least one series has a
///   label; unlabelled series are left out of it.
/// - **Axes.** Limits cover all drawable data and end on "nice" 1-2-5 ticks (or whole decades on a
///   log axis) unless ``xLimits`` / ``yLimits`` are set. An empty figure renders axes only, over
///   `0…1` (or `1…10` with ``logY``).
///
/// Output is compact: coordinates are rounded to 0.1 px, and every point is kept (no decimation).
/// Rendering is O(total number of points).
public struct Figure: Sendable {
  /// Width of the SVG canvas in pixels (default 800).
  public var width: Double
  /// Height of the SVG canvas in pixels (default 500).
  public var height: Double
  /// Title drawn above the plot; empty for none.
  public var title: String
  /// Label of the horizontal axis; empty for none.
  public var xLabel: String = ""
  /// Label of the vertical axis; empty for none.
  public var yLabel: String = ""
  /// Whether one data unit has the same length in pixels on both axes (default `false`; use
  /// `true` for phase portraits and vector fields). The axis with room to spare is widened
  /// symmetrically. Ignored when ``logY`` is `true`.
  public var equalAspect: Bool = false
  /// Whether the vertical axis is logarithmic (base 10; default `false`), e.g. for loss curves.
  /// Non-positive `y` values are treated as missing.
  public var logY: Bool = false
  /// Fixed horizontal limits; `nil` (default) chooses them from the data. Ignored when the span is
  /// empty or not finite. Data outside are clipped.
  public var xLimits: ClosedRange<Double>? = nil
  /// Fixed vertical limits; `nil` (default) chooses them from the data. Ignored when the span is
  /// empty or not finite, or (with ``logY``) when the lower limit is not positive.
  public var yLimits: ClosedRange<Double>? = nil

  /// The default colour cycle: Okabe & Ito's colour-blind-safe palette (blue, vermillion,
  /// bluish green, reddish purple, orange, sky blue, black, yellow).
  ///
  /// Reference: M. Okabe and K. Ito, "Color Universal Design", 2002.
  public static let palette: [String] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
  ]

  /// The series in the order they were added.
  var series: [_Series] = []
  /// Index of the next palette colour.
  var nextColor = 0

  /// Creates an empty figure.
  /// - Parameters:
  ///   - width: canvas width in pixels, default 800 (values below 100 are raised to 100 when drawn).
  ///   - height: canvas height in pixels, default 500 (values below 80 are raised to 80 when drawn).
  ///   - title: text drawn above the plot, default none.
  public init(width: Double = 800, height: Double = 500, title: String = "") {
    self.width = width
    self.height = height
    self.title = title
  }

  /// Adds a polyline through `(x[i], y[i])` in the given order.
  ///
  /// Non-finite points (and non-positive `y` with ``logY``) break the line into separate pieces;
  /// an isolated point between breaks is drawn as a dot. Extra entries of the longer array are
  /// ignored. One `<path class="line">` element per call.
  /// - Parameters:
  ///   - label: legend entry, `nil` for none.
  ///   - color: SVG colour; `nil` takes the next palette colour.
  ///   - width: stroke width in pixels, default 1.5.
  ///   - dashed: draws the line dashed (default solid).
  public mutating func line(
    x: [Double], y: [Double], label: String? = nil, color: String? = nil, width: Double = 1.5,
    dashed: Bool = false
  ) {
    let n = min(x.count, y.count)
    series.append(
      .line(
        x: Array(x.prefix(n)), y: Array(y.prefix(n)), label: label, color: takeColor(color),
        width: width, dashed: dashed))
  }

  /// Adds one filled circle per point `(x[i], y[i])`.
  ///
  /// Non-finite points are skipped; extra entries of the longer array are ignored.
  /// - Parameters:
  ///   - label: legend entry, `nil` for none.
  ///   - color: SVG colour; `nil` takes the next palette colour.
  ///   - radius: circle radius in pixels, default 2.
  public mutating func scatter(
    x: [Double], y: [Double], label: String? = nil, color: String? = nil, radius: Double = 2
  ) {
    let n = min(x.count, y.count)
    series.append(
      .scatter(x: Array(x.prefix(n)), y: Array(y.prefix(n)), label: label, color: takeColor(color),
        radius: radius))
  }

  /// Adds a filled band between `lower[i]` and `upper[i]` over `x[i]` (e.g. a mean ± 2σ envelope).
  ///
  /// A point where any of the three values is missing splits the band; pieces of a single point
  /// are not drawn. Extra entries of the longer arrays are ignored.
  /// - Parameters:
  ///   - label: legend entry, `nil` for none.
  ///   - color: SVG fill colour; `nil` takes the next palette colour.
  ///   - opacity: fill opacity in `0…1`, default 0.25 (clamped to that range).
  public mutating func band(
    x: [Double], lower: [Double], upper: [Double], label: String? = nil, color: String? = nil,
    opacity: Double = 0.25
  ) {
    let n = min(x.count, lower.count, upper.count)
    series.append(
      .band(
        x: Array(x.prefix(n)), lower: Array(lower.prefix(n)), upper: Array(upper.prefix(n)),
        label: label, color: takeColor(color), opacity: min(max(opacity, 0), 1)))
  }

  /// Adds arrows from `(x[i], y[i])` to `(x[i] + s·u[i], y[i] + s·v[i])`, a vector field plot.
  ///
  /// The scale `s` makes the longest arrow 0.9 of a grid cell: with the typical point spacing
  /// per axis `h = range / (k − 1)`, `k = min(distinct values, ⌈√n⌉)` (exactly the grid spacing on
  /// a square grid), `s = 0.9 / maxᵢ √((uᵢ/hx)² + (vᵢ/hy)²)`. Arrows are in data units, so their
  /// directions are the field's true directions when ``equalAspect`` is set.
  /// Points with a non-finite component are skipped; extra entries are ignored.
  /// - Parameters:
  ///   - label: legend entry, `nil` for none.
  ///   - color: SVG colour; `nil` takes the next palette colour.
  public mutating func quiver(
    x: [Double], y: [Double], u: [Double], v: [Double], label: String? = nil, color: String? = nil
  ) {
    let n = min(x.count, y.count, u.count, v.count)
    series.append(
      .quiver(
        x: Array(x.prefix(n)), y: Array(y.prefix(n)), u: Array(u.prefix(n)), v: Array(v.prefix(n)),
        label: label, color: takeColor(color)))
  }

  /// Writes ``svg()`` to `path` (UTF-8), creating missing parent directories.
  ///
  /// The file is replaced atomically (written to a temporary file, then renamed).
  /// - Throws: ``SVGPlotError/cannotCreateDirectory(path:reason:)`` or
  ///   ``SVGPlotError/cannotWrite(path:reason:)`` with the system's reason.
  public func write(to path: String) throws {
    try _writeText(svg(), to: path)
  }

  private mutating func takeColor(_ color: String?) -> String {
    if let color { return color }
    defer { nextColor += 1 }
    return Figure.palette[nextColor % Figure.palette.count]
  }
}

/// One series of a figure, already trimmed to a common length and with a resolved colour.
enum _Series: Sendable {
  case line(x: [Double], y: [Double], label: String?, color: String, width: Double, dashed: Bool)
  case scatter(x: [Double], y: [Double], label: String?, color: String, radius: Double)
  case band(
    x: [Double], lower: [Double], upper: [Double], label: String?, color: String, opacity: Double)
  case quiver(x: [Double], y: [Double], u: [Double], v: [Double], label: String?, color: String)

  var label: String? {
    switch self {
    case .line(_, _, let l, _, _, _), .scatter(_, _, let l, _, _), .band(_, _, _, let l, _, _),
      .quiver(_, _, _, _, let l, _):
      return l
    }
  }
}
