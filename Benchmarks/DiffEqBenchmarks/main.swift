// `make bench [FILTER=prefix]` — every benchmark prints a human line, then one JSON line each.
import Foundation

let filter = CommandLine.arguments.dropFirst().first ?? ""
let all = ODEBenchmarks.all + SDEBenchmarks.all + NeuralBenchmarks.all + NeuralSDEBenchmarks.all
exit(runBenchmarks(all, filter: filter))
