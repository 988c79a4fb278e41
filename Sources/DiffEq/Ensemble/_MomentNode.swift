/// Summary statistics (count, mean and co-moment per save time) of the paths of one dyadic block of
/// path indices `[index·2^level, (index+1)·2^level)`, restricted to the paths present.
///
/// `values` holds `d` mean rows then `K = d(d+1)/2` co-moment rows, each of `S` save times:
/// `mean[i][s] = values[i·S + s]`, `C[k][s] = values[(d + k)·S + s]` with `k` enumerating
/// `(i, l)`, `i ≤ l`, row by row, `C = Σ (x − mean)(x − mean)ᵀ`.
@usableFromInline
struct _MomentNode: Sendable {
  @usableFromInline var level: Int
  @usableFromInline var index: Int
  @usableFromInline var count: Double
  @usableFromInline var values: [Double]

  @inlinable
  init(level: Int, index: Int, count: Double, values: [Double]) {
    self.level = level
    self.index = index
    self.count = count
    self.values = values
  }
}

/// The pairwise merge of moment nodes, and the reduction of a set of nodes to their root.
///
/// The statistics of a set of paths are defined as the value at the root of the binary tree over
/// path indices (leaf `k` is path `k`; absent or failed paths are empty), each inner node being
/// `merge(left, right)` with the update of Chan, Golub & LeVeque (1979):
///
/// ```
/// n = nₐ + n_b,  δ = m_b − mₐ,  m = mₐ + δ·(n_b/n),  C = (Cₐ + C_b) + δδᵀ·(nₐn_b/n),
/// ```
///
/// and `merge(a, empty) = a`, `merge(empty, b) = b` exactly. Because the tree depends only on path
/// indices, the root is the same bits whichever chunks, threads or shards computed the subtrees.
@usableFromInline
enum _Moments {
  /// Merges `right` into `left` (`left` = `merge(left, right)`), `nodeSize = (d + K)·S` values.
  @usableFromInline
  static func merge(
    left: UnsafeMutablePointer<Double>, countLeft: Double, right: UnsafePointer<Double>,
    countRight: Double, stateDimension d: Int, saveCount S: Int,
    delta: UnsafeMutablePointer<Double>
  ) {
    if countRight == 0 { return }
    let K = d * (d + 1) / 2
    if countLeft == 0 {
      left.update(from: right, count: (d + K) * S)
      return
    }
    let n = countLeft + countRight
    let fraction = countRight / n
    let weight = (countLeft * countRight) / n
    for i in 0..<d {
      let ml = left + i * S
      let mr = right + i * S
      let dl = delta + i * S
      for s in 0..<S {
        let dd = mr[s] - ml[s]
        dl[s] = dd
        ml[s] = ml[s] + dd * fraction
      }
    }
    var k = 0
    for i in 0..<d {
      for l in i..<d {
        let cl = left + (d + k) * S
        let cr = right + (d + k) * S
        let di = delta + i * S
        let dj = delta + l * S
        for s in 0..<S {
          cl[s] = (cl[s] + cr[s]) + (di[s] * dj[s]) * weight
        }
        k += 1
      }
    }
  }

  /// The root of the tree over the given disjoint nodes (empty nodes may be omitted), or `nil` if
  /// there is none. Proceeds level by level: siblings are merged, a node without its sibling is
  /// promoted unchanged.
  @usableFromInline
  static func root(of nodes: [_MomentNode], stateDimension d: Int, saveCount S: Int) -> _MomentNode? {
    var current = nodes.filter { $0.count > 0 }
    if current.isEmpty { return nil }
    let delta = UnsafeMutablePointer<Double>.allocate(capacity: max(1, d * S))
    defer { delta.deallocate() }
    while current.count > 1 {
      guard let level = current.map(\.level).min() else { break }
      var here = current.filter { $0.level == level }.sorted { $0.index < $1.index }
      var next = current.filter { $0.level != level }
      var j = 0
      while j < here.count {
        var node = here[j]
        if node.index & 1 == 0, j + 1 < here.count, here[j + 1].index == node.index + 1 {
          let right = here[j + 1]
          let countLeft = node.count
          node.values.withUnsafeMutableBufferPointer { l in
            right.values.withUnsafeBufferPointer { r in
              guard let lp = l.baseAddress, let rp = r.baseAddress else { return }
              merge(
                left: lp, countLeft: countLeft, right: rp, countRight: right.count,
                stateDimension: d, saveCount: S, delta: delta)
            }
          }
          node.count += right.count
          j += 2
        } else {
          j += 1
        }
        node.level += 1
        node.index >>= 1
        next.append(node)
      }
      here.removeAll()
      current = next
    }
    return current[0]
  }
}
