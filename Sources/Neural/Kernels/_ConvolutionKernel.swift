// The common interface of `Conv2DKernel` and `Conv2DTransposeKernel`, so one tape operation and one
// layer implementation serve both directions.

/// The shapes of a stride-1 k × k convolution in either direction (``Conv2DGeometry``,
/// ``Conv2DTransposeGeometry``).
protocol _ConvolutionGeometry {
  /// Validates and records the shapes.
  init(
    batch: Int, height: Int, width: Int, inChannels: Int, outChannels: Int, kernelSize: Int,
    padding: Padding
  ) throws(KernelShapeError)
  /// Images in the batch.
  var batch: Int { get }
  /// Output rows.
  var outputHeight: Int { get }
  /// Output columns.
  var outputWidth: Int { get }
}

extension Conv2DGeometry: _ConvolutionGeometry {}
extension Conv2DTransposeGeometry: _ConvolutionGeometry {}

/// Forward and backward kernels of a stride-1 convolution in one direction; see ``Conv2DKernel``
/// for the contract of each function.
protocol _ConvolutionKernel {
  associatedtype Geometry: _ConvolutionGeometry
  /// Whether this is the transposed convolution (weights `[k, k, out, in]` instead of HWIO
  /// `[k, k, in, out]`).
  static var isTransposed: Bool { get }
  static func forward(
    _ g: Geometry, input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, fusedReLU: Bool,
    workspace: KernelWorkspace)
  static func backwardInput(
    _ g: Geometry, outputGradient: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>, accumulate: Bool, workspace: KernelWorkspace)
  static func backwardWeights(
    _ g: Geometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
    weightsGradient: UnsafeMutablePointer<Float>, accumulate: Bool, workspace: KernelWorkspace)
  static func backwardBias(
    _ g: Geometry, outputGradient: UnsafePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
    accumulate: Bool)
}

extension _ConvolutionKernel {
  /// The weight axis holding the input channels: 2 (HWIO) or 3 (transposed, `[k, k, out, in]`).
  static var inputChannelAxis: Int { isTransposed ? 3 : 2 }
  /// The weight axis holding the output channels.
  static var outputChannelAxis: Int { isTransposed ? 2 : 3 }
}

extension Conv2DKernel: _ConvolutionKernel {
  static var isTransposed: Bool { false }
}

extension Conv2DTransposeKernel: _ConvolutionKernel {
  static var isTransposed: Bool { true }
}
