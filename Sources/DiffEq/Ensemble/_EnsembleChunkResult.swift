/// What one chunk of paths produced: its failures and (for statistics) its moment nodes.
@usableFromInline
struct _EnsembleChunkResult: Sendable {
  @usableFromInline var failures: [PathFailure]
  @usableFromInline var nodes: [_MomentNode]

  @inlinable
  init(failures: [PathFailure], nodes: [_MomentNode]) {
    self.failures = failures
    self.nodes = nodes
  }
}
