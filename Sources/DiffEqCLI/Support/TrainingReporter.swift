import Foundation
import NeuralSDE

/// Shows training progress on stderr: a bar with the loss terms on a terminal, a plain line every
/// few seconds otherwise; optionally stops training after a given number of epochs (tests use this
/// to interrupt a run deterministically and resume it).
final class TrainingReporter {
  private var bar: ProgressReporter?
  private let label: String
  private let stopAfterEpochs: Int?
  private var epochsThisRun = 0

  init(label: String, stopAfterEpochs: Int? = nil) {
    self.label = label
    self.stopAfterEpochs = stopAfterEpochs
  }

  /// `lp 1.2e-02  lcv 3.4e-05  lr 5.6e-03` for the terms present.
  static func describe(_ terms: LossTerms) -> String {
    var parts: [String] = []
    if let v = terms.pointwise { parts.append("drift " + String(format: "%.3e", v)) }
    if let v = terms.covariance { parts.append("cov " + String(format: "%.3e", v)) }
    if let v = terms.reconstruction { parts.append("recon " + String(format: "%.3e", v)) }
    return parts.isEmpty ? String(format: "total %.3e", terms.total) : parts.joined(separator: "  ")
  }

  /// The trainer's progress callback.
  func callback(_ p: TrainingProgress) -> TrainingControl {
    if bar == nil {
      bar = ProgressReporter(label: label, total: p.totalEpochs, plainInterval: 5)
    }
    let fraction = p.event == .epoch
      ? Double(p.globalEpoch + 1)
      : Double(p.globalEpoch) + Double(p.step + 1) / Double(max(p.stepsPerEpoch, 1))
    var detail = "\(p.phase.rawValue) epoch \(p.epoch + 1)/\(p.epochsInPhase)  " + Self.describe(p.training)
    if let v = p.validation { detail += "  (validation " + String(format: "%.3e", v.total) + ")" }
    bar?.update(Int(fraction.rounded(.down)), detail: detail)
    if p.event == .epoch {
      epochsThisRun += 1
      if let stop = stopAfterEpochs, epochsThisRun >= stop { return .stop }
    }
    return .proceed
  }

  /// Ends the progress line.
  func finish() {
    bar?.finish()
    bar = nil
  }
}
