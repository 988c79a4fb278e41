/// Streams the paths of one contiguous range (in increasing index order) into moment nodes with a
/// binary counter: each new leaf is merged with its left sibling while one is on top of the stack.
/// The nodes left at the end are canonical subtrees of the path-index tree (see ``_Moments``).
///
/// Buffers come from a pool, so after warm-up a leaf costs no allocation.
@usableFromInline
final class _MomentAccumulator {
  @usableFromInline let stateDimension: Int
  @usableFromInline let saveCount: Int
  @usableFromInline let nodeSize: Int
  @usableFromInline var pool: [UnsafeMutablePointer<Double>] = []
  @usableFromInline var allocated: [UnsafeMutablePointer<Double>] = []
  @usableFromInline var stack: [(level: Int, index: Int, count: Double, buffer: UnsafeMutablePointer<Double>)] = []
  @usableFromInline let delta: UnsafeMutablePointer<Double>

  @usableFromInline
  init(stateDimension d: Int, saveCount S: Int) {
    stateDimension = d
    saveCount = S
    nodeSize = (d + d * (d + 1) / 2) * S
    delta = _AlignedBuffer.allocate(Double.self, count: d * S)
    stack.reserveCapacity(130)
  }

  deinit {
    for p in allocated { _AlignedBuffer.deallocate(p) }
    _AlignedBuffer.deallocate(delta)
  }

  @usableFromInline
  func takeBuffer() -> UnsafeMutablePointer<Double> {
    if let p = pool.popLast() { return p }
    let p = _AlignedBuffer.allocate(Double.self, count: nodeSize)
    allocated.append(p)
    return p
  }

  /// Adds path `path` with saved states `source[(s·d + i)·stride + lane]`.
  @usableFromInline
  func pushLeaf(path: Int, source: UnsafePointer<Double>, stride: Int, lane: Int) {
    let d = stateDimension
    let S = saveCount
    let buffer = takeBuffer()
    for i in 0..<d {
      let row = buffer + i * S
      for s in 0..<S { row[s] = source[(s * d + i) * stride + lane] }
    }
    (buffer + d * S).update(repeating: 0, count: nodeSize - d * S)
    stack.append((0, path, 1, buffer))
    collapse()
  }

  /// Adds paths `path` and `path + 1` (`path` even) at once as their level-1 node, reading the
  /// saved states of lanes `laneA` and `laneB` as in ``pushLeaf(path:source:stride:lane:)``.
  ///
  /// Bit-identical to pushing the two leaves: the merge of two one-path nodes is
  /// `m = a + (b − a)·½`, `C = (0 + 0) + δδᵀ·½`, and `0 + 0 = +0` exactly.
  @usableFromInline
  func pushPair(path: Int, source: UnsafePointer<Double>, stride: Int, laneA: Int, laneB: Int) {
    let d = stateDimension
    let S = saveCount
    let buffer = takeBuffer()
    for i in 0..<d {
      let row = buffer + i * S
      let dl = delta + i * S
      for s in 0..<S {
        let a = source[(s * d + i) * stride + laneA]
        let b = source[(s * d + i) * stride + laneB]
        let dd = b - a
        dl[s] = dd
        row[s] = a + dd * 0.5
      }
    }
    var k = 0
    for i in 0..<d {
      for l in i..<d {
        let row = buffer + (d + k) * S
        let di = delta + i * S
        let dj = delta + l * S
        for s in 0..<S { row[s] = 0.0 + (di[s] * dj[s]) * 0.5 }
        k += 1
      }
    }
    stack.append((1, path >> 1, 2, buffer))
    collapse()
  }

  /// Adds an empty leaf for path `path` (failed or excluded).
  @usableFromInline
  func pushEmpty(path: Int) {
    stack.append((0, path, 0, takeBuffer()))
    collapse()
  }

  @usableFromInline
  func collapse() {
    while stack.count >= 2 {
      let top = stack[stack.count - 1]
      let below = stack[stack.count - 2]
      guard top.level == below.level, top.index & 1 == 1, below.index == top.index - 1 else { return }
      _Moments.merge(
        left: below.buffer, countLeft: below.count, right: top.buffer, countRight: top.count,
        stateDimension: stateDimension, saveCount: saveCount, delta: delta)
      pool.append(top.buffer)
      stack.removeLast()
      stack[stack.count - 1] = (below.level + 1, below.index >> 1, below.count + top.count, below.buffer)
    }
  }

  /// The non-empty nodes of the stack (copied out), leaving the accumulator empty for the next range.
  @usableFromInline
  func drain() -> [_MomentNode] {
    var nodes: [_MomentNode] = []
    for entry in stack {
      if entry.count > 0 {
        let values = Array(UnsafeBufferPointer(start: entry.buffer, count: nodeSize))
        nodes.append(_MomentNode(level: entry.level, index: entry.index, count: entry.count, values: values))
      }
      pool.append(entry.buffer)
    }
    stack.removeAll(keepingCapacity: true)
    return nodes
  }
}
