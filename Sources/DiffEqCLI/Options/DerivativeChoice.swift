import ArgumentParser
import NeuralSDE

/// Where `learn-sde` takes the derivative rows of an order-M state from.
enum DerivativeChoice: String, ExpressibleByArgument, CaseIterable {
  /// Forward differences of the observations.
  case empirical
  /// The file's columns hold every row.
  case supplied

  var source: DerivativeSource { self == .empirical ? .empirical : .supplied }
}
