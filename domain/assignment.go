package domain

// An optimal assignment of mentees to mentors, as a min-cost flow: the
// source gives each mentee one unit, a mentee may pass it to any mentor
// it has an edge to at the cost of minus that pair's score, and a mentor
// passes at most its capacity on to the sink. Successive shortest paths
// (Dijkstra on costs made non-negative by node potentials) add one mentee
// at a time, rerouting earlier choices when that pays, and stop when the
// next path would lower the total (each search stops once it reaches
// the sink): the result has the highest total score
// any assignment within the capacities has (not a greedy pass). With n
// mentees and E edges it runs in O(n · E log V).

// AssignEdge is a mentee's possible mentor and the pair's score.
type AssignEdge struct {
	Mentor int
	Score  int
}

type flowEdge struct {
	to, rev int
	cap     int
	cost    int64
}

// AssignMax assigns each mentee (the index of edges) to at most one
// mentor (an index of caps) so that no mentor gets more than its
// capacity and the total score is as high as possible. Only positive
// scores are worth an assignment. It answers the mentor of each mentee,
// -1 for none.
func AssignMax(edges [][]AssignEdge, caps []int) []int {
	n, m := len(edges), len(caps)
	src, sink := 0, n+m+1
	size := n + m + 2
	g := make([][]flowEdge, size)
	add := func(u, v, c int, cost int64) {
		g[u] = append(g[u], flowEdge{to: v, rev: len(g[v]), cap: c, cost: cost})
		g[v] = append(g[v], flowEdge{to: u, rev: len(g[u]) - 1, cap: 0, cost: -cost})
	}
	// Potentials that make every first edge's reduced cost non-negative:
	// a mentor starts at minus the best score offered to it, the sink at
	// the lowest mentor's.
	pot := make([]int64, size)
	for i, es := range edges {
		add(src, 1+i, 1, 0)
		for _, e := range es {
			if e.Score <= 0 || e.Mentor < 0 || e.Mentor >= m || caps[e.Mentor] <= 0 {
				continue
			}
			add(1+i, 1+n+e.Mentor, 1, -int64(e.Score))
			pot[1+n+e.Mentor] = min(pot[1+n+e.Mentor], -int64(e.Score))
		}
	}
	for j, c := range caps {
		if c > 0 {
			add(1+n+j, sink, c, 0)
			pot[sink] = min(pot[sink], pot[1+n+j])
		}
	}
	const inf = int64(1) << 62
	dist := make([]int64, size)
	prevNode := make([]int, size)
	prevEdge := make([]int, size)
	var h distHeap
	for range n {
		for i := range dist {
			dist[i] = inf
		}
		dist[src] = 0
		h = append(h[:0], heapItem{0, src})
		for len(h) > 0 {
			it := h.pop()
			if it.d > dist[it.v] {
				continue
			}
			u := it.v
			if u == sink {
				break // the rest cannot shorten the path found
			}
			for k, e := range g[u] {
				if e.cap == 0 {
					continue
				}
				nd := it.d + e.cost + pot[u] - pot[e.to]
				if nd < dist[e.to] {
					dist[e.to], prevNode[e.to], prevEdge[e.to] = nd, u, k
					h.push(heapItem{nd, e.to})
				}
			}
		}
		if dist[sink] == inf || dist[sink]+pot[sink]-pot[src] >= 0 {
			break // nobody left, or the next mentee would lower the total
		}
		// Nodes not settled before the sink are at least as far as it:
		// moving each by min(its distance, the sink's) keeps every
		// residual edge's reduced cost non-negative.
		for v := range size {
			pot[v] += min(dist[v], dist[sink])
		}
		for v := sink; v != src; v = prevNode[v] {
			e := &g[prevNode[v]][prevEdge[v]]
			e.cap--
			g[v][e.rev].cap++
		}
	}
	out := make([]int, n)
	for i := range n {
		out[i] = -1
		for _, e := range g[1+i] {
			if e.to > n && e.to <= n+m && e.cap == 0 && e.cost < 0 {
				out[i] = e.to - 1 - n
			}
		}
	}
	return out
}

type heapItem struct {
	d int64
	v int
}

// distHeap is a binary min-heap on distance (lazy deletion: stale items
// are skipped when popped).
type distHeap []heapItem

func (h *distHeap) push(x heapItem) {
	*h = append(*h, x)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].d <= a[i].d {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *distHeap) pop() heapItem {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	i := 0
	for {
		l, r, s := 2*i+1, 2*i+2, i
		if l < len(a) && a[l].d < a[s].d {
			s = l
		}
		if r < len(a) && a[r].d < a[s].d {
			s = r
		}
		if s == i {
			break
		}
		a[s], a[i] = a[i], a[s]
		i = s
	}
	*h = a
	return top
}
