/// The transitive closure of a hierarchy given as child → parent edges.
enum TransitiveClosure {
    /// Calls `emit(descendant, ancestor)` for every strict ancestor of every node, descendants in
    /// ascending id order and each one's ancestors ascending (so B-tree inserts append).
    /// Cycles (never in a valid release) are cut, not looped on. O(nodes + closure size).
    static func forEachPair(edges: [(child: Int64, parent: Int64)], _ emit: (Int64, Int64) throws -> Void) rethrows {
        var index: [Int64: Int32] = [:]
        var ids: [Int64] = []
        func node(_ id: Int64) -> Int32 {
            if let n = index[id] { return n }
            let n = Int32(ids.count)
            index[id] = n
            ids.append(id)
            return n
        }
        var parents: [[Int32]] = []
        for (child, parent) in edges {
            let c = Int(node(child)), p = Int(node(parent))
            while parents.count < ids.count { parents.append([]) }
            parents[c].append(Int32(p))
        }
        while parents.count < ids.count { parents.append([]) }
        // 0 = not visited, 1 = in progress (a cycle when met again), 2 = done.
        var state = [UInt8](repeating: 0, count: ids.count)
        var ancestors = [[Int32]](repeating: [], count: ids.count)
        for start in 0..<ids.count where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                if top.next < parents[top.node].count {
                    stack[stack.count - 1].next += 1
                    let p = Int(parents[top.node][top.next])
                    if state[p] == 0 {
                        state[p] = 1
                        stack.append((p, 0))
                    }
                    continue
                }
                stack.removeLast()
                var set = Set<Int32>()
                for p in parents[top.node] where state[Int(p)] == 2 || Int(p) != top.node {
                    set.insert(p)
                    set.formUnion(ancestors[Int(p)])
                }
                set.remove(Int32(top.node))
                ancestors[top.node] = Array(set)
                state[top.node] = 2
            }
        }
        for n in ids.indices.sorted(by: { ids[$0] < ids[$1] }) {
            for a in ancestors[n].map({ ids[Int($0)] }).sorted() { try emit(ids[n], a) }
        }
    }
}
