//! A force-directed layout for diagrams: where each node goes, so that related concepts sit
//! close, unrelated ones apart, and no two boxes overlap.
//!
//! This file owns geometry only: it takes node sizes and edges and returns centres. The method is
//! stress majorization (Gansner, Koren and North 2004) started from pivot MDS (Brandes and Pich
//! 2006), per connected component, with optional cluster grouping, followed by a sweep that
//! pushes overlapping boxes apart and a shelf packing of the components. Everything is
//! deterministic: there is no randomness at all, and ties are broken by node order.

use std::collections::VecDeque;

/// A node to place: its size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// Options for [`layout`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutOptions {
    /// The length an edge should have, centre to centre, in points.
    pub edge_length: f64,
    /// Gap kept between boxes, in points.
    pub gap: f64,
    /// Stress iterations at most (fewer are run on large graphs).
    pub iterations: usize,
}

impl Default for LayoutOptions {
    fn default() -> LayoutOptions {
        LayoutOptions { edge_length: 130.0, gap: 14.0, iterations: 300 }
    }
}

/// Node centres for a graph of `sizes.len()` nodes and undirected `edges`; nodes with the same
/// `cluster` value are drawn together. The top-left of the drawing is near (0, 0).
///
/// # Complexity
/// O(C²·I) per component of C nodes for I iterations, I falling with C so that large graphs stay
/// within seconds; O(V·E) for distances.
pub fn layout(
    sizes: &[Size],
    edges: &[(usize, usize)],
    cluster: &[Option<u32>],
    opts: &LayoutOptions,
) -> Vec<(f64, f64)> {
    let n = sizes.len();
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a != b && a < n && b < n {
            adj[a].push(b);
            adj[b].push(a);
        }
    }
    for a in &mut adj {
        a.sort_unstable();
        a.dedup();
    }
    // Components, largest first (ties: smallest node first).
    let mut comp = vec![usize::MAX; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    for s in 0..n {
        if comp[s] != usize::MAX {
            continue;
        }
        let id = comps.len();
        let mut members = vec![s];
        comp[s] = id;
        let mut k = 0;
        while k < members.len() {
            let v = members[k];
            k += 1;
            for &w in &adj[v] {
                if comp[w] == usize::MAX {
                    comp[w] = id;
                    members.push(w);
                }
            }
        }
        members.sort_unstable();
        comps.push(members);
    }
    comps.sort_by_key(|m| (std::cmp::Reverse(m.len()), m[0]));
    let mut pos = vec![(0.0, 0.0); n];
    let mut boxes: Vec<(Vec<usize>, f64, f64, f64, f64)> = Vec::new();
    let mut singles: Vec<usize> = Vec::new();
    for members in &comps {
        if members.len() == 1 {
            singles.push(members[0]);
            continue;
        }
        let local = place_component(members, &adj, sizes, cluster, opts);
        for (k, &v) in members.iter().enumerate() {
            pos[v] = local[k];
        }
        spread(members, &mut pos, sizes, opts.gap);
        remove_overlaps(members, &mut pos, sizes, opts.gap);
        let (x0, y0, x1, y1) = bounds(members, &pos, sizes);
        boxes.push((members.clone(), x0, y0, x1, y1));
    }
    // Isolated nodes: one more box, a grid.
    if !singles.is_empty() {
        let cols = (singles.len() as f64).sqrt().ceil() as usize;
        let cell_w = singles.iter().map(|&v| sizes[v].w).fold(0.0, f64::max) + opts.gap;
        let cell_h = singles.iter().map(|&v| sizes[v].h).fold(0.0, f64::max) + opts.gap;
        for (k, &v) in singles.iter().enumerate() {
            pos[v] = ((k % cols) as f64 * cell_w, (k / cols) as f64 * cell_h);
        }
        let (x0, y0, x1, y1) = bounds(&singles, &pos, sizes);
        boxes.push((singles, x0, y0, x1, y1));
    }
    // Shelf packing: rows no wider than the largest box or a square of the total area.
    let area: f64 = boxes.iter().map(|b| (b.3 - b.1) * (b.4 - b.2)).sum();
    let widest = boxes.iter().map(|b| b.3 - b.1).fold(0.0, f64::max);
    let row_width = widest.max(area.sqrt() * 1.3);
    let (mut x, mut y, mut row_h) = (0.0, 0.0, 0.0f64);
    let gap = opts.gap * 3.0;
    for (members, x0, y0, x1, y1) in &boxes {
        let (w, h) = (x1 - x0, y1 - y0);
        if x > 0.0 && x + w > row_width {
            x = 0.0;
            y += row_h + gap;
            row_h = 0.0;
        }
        for &v in members {
            pos[v] = (pos[v].0 - x0 + x, pos[v].1 - y0 + y);
        }
        x += w + gap;
        row_h = row_h.max(h);
    }
    pos
}

/// The bounding box (left, top, right, bottom) of some nodes.
pub fn bounds(members: &[usize], pos: &[(f64, f64)], sizes: &[Size]) -> (f64, f64, f64, f64) {
    let mut b = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &v in members {
        let (x, y) = pos[v];
        let (hw, hh) = (sizes[v].w / 2.0, sizes[v].h / 2.0);
        b.0 = b.0.min(x - hw);
        b.1 = b.1.min(y - hh);
        b.2 = b.2.max(x + hw);
        b.3 = b.3.max(y + hh);
    }
    if members.is_empty() {
        (0.0, 0.0, 0.0, 0.0)
    } else {
        b
    }
}

/// Stress majorization of one connected component; positions in member order.
fn place_component(
    members: &[usize],
    adj: &[Vec<usize>],
    sizes: &[Size],
    cluster: &[Option<u32>],
    opts: &LayoutOptions,
) -> Vec<(f64, f64)> {
    let c = members.len();
    let mut local = vec![usize::MAX; adj.len()];
    for (k, &v) in members.iter().enumerate() {
        local[v] = k;
    }
    let ladj: Vec<Vec<usize>> = members.iter().map(|&v| adj[v].iter().map(|&w| local[w]).collect()).collect();
    // Hop distances (BFS from every node), u16 to keep large components in memory.
    let mut dist = vec![u16::MAX; c * c];
    let mut queue = VecDeque::new();
    for s in 0..c {
        let row = &mut dist[s * c..(s + 1) * c];
        row[s] = 0;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            let dv = row[v];
            for &w in &ladj[v] {
                if row[w] == u16::MAX {
                    row[w] = dv.saturating_add(1);
                    queue.push_back(w);
                }
            }
        }
    }
    // Target distances: hops times the edge length, widened for big boxes; pairs in different
    // clusters a little further apart, pairs in the same cluster a little closer.
    let diag: Vec<f64> = members.iter().map(|&v| (sizes[v].w.powi(2) + sizes[v].h.powi(2)).sqrt() / 2.0).collect();
    let target = |i: usize, j: usize| -> f64 {
        let d = f64::from(dist[i * c + j]);
        let base = d * opts.edge_length + if d <= 1.0 { (diag[i] + diag[j]) * 0.5 } else { 0.0 };
        match (cluster[members[i]], cluster[members[j]]) {
            (Some(a), Some(b)) if a != b => base * 1.25 + opts.edge_length * 0.5,
            (Some(a), Some(b)) if a == b => base * 0.85,
            _ => base,
        }
    };
    let mut x = pivot_mds(c, &dist, opts.edge_length);
    // Iterations fall with size: the work is about c² per iteration.
    let budget = 60_000_000usize;
    let iterations = opts.iterations.min(budget / (c * c).max(1)).max(15);
    for _ in 0..iterations {
        let mut moved = 0.0;
        for i in 0..c {
            let (mut nx, mut ny, mut wsum) = (0.0, 0.0, 0.0);
            let (xi, yi) = x[i];
            for (j, &(xj, yj)) in x.iter().enumerate() {
                if i == j {
                    continue;
                }
                let d = target(i, j);
                let w = 1.0 / (d * d);
                let (dx, dy) = (xi - xj, yi - yj);
                let len = (dx * dx + dy * dy).sqrt().max(1e-9);
                nx += w * (xj + d * dx / len);
                ny += w * (yj + d * dy / len);
                wsum += w;
            }
            if wsum > 0.0 {
                let p = (nx / wsum, ny / wsum);
                moved += (p.0 - xi).abs() + (p.1 - yi).abs();
                x[i] = p;
            }
        }
        if moved / (c as f64) < 0.05 {
            break;
        }
    }
    x
}

/// Pivot MDS: a good start for stress majorization from the distances to a few pivots.
fn pivot_mds(c: usize, dist: &[u16], scale: f64) -> Vec<(f64, f64)> {
    if c <= 2 {
        return (0..c).map(|i| (i as f64 * scale, 0.0)).collect();
    }
    let k = c.min(50);
    // Pivots by max-min distance, starting from node 0.
    let mut pivots = vec![0usize];
    let mut mind: Vec<f64> = (0..c).map(|j| f64::from(dist[j])).collect();
    while pivots.len() < k {
        let (far, _) = mind.iter().enumerate().fold((0, -1.0), |best, (j, &d)| if d > best.1 { (j, d) } else { best });
        if mind[far] == 0.0 {
            break;
        }
        pivots.push(far);
        for (j, m) in mind.iter_mut().enumerate() {
            *m = m.min(f64::from(dist[far * c + j]));
        }
    }
    let k = pivots.len();
    // Double-centred squared distances, c x k.
    let mut b = vec![0.0; c * k];
    for (p, &pv) in pivots.iter().enumerate() {
        for j in 0..c {
            let d = f64::from(dist[pv * c + j]) * scale;
            b[j * k + p] = -0.5 * d * d;
        }
    }
    let mut col = vec![0.0; k];
    let mut row = vec![0.0; c];
    let mut all = 0.0;
    for j in 0..c {
        for p in 0..k {
            col[p] += b[j * k + p] / c as f64;
            row[j] += b[j * k + p] / k as f64;
            all += b[j * k + p];
        }
    }
    all /= (c * k) as f64;
    for j in 0..c {
        for p in 0..k {
            b[j * k + p] += all - col[p] - row[j];
        }
    }
    // Top two eigenvectors of B Bᵀ by power iteration on Bᵀ B (k x k).
    let mut btb = vec![0.0; k * k];
    for j in 0..c {
        for p in 0..k {
            let v = b[j * k + p];
            for q in 0..k {
                btb[p * k + q] += v * b[j * k + q];
            }
        }
    }
    let mut vecs: Vec<Vec<f64>> = Vec::new();
    for d in 0..2 {
        let mut v: Vec<f64> = (0..k).map(|i| 1.0 + ((i * 7 + d * 13) % 11) as f64 / 10.0).collect();
        for _ in 0..200 {
            let mut w = vec![0.0; k];
            for p in 0..k {
                for q in 0..k {
                    w[p] += btb[p * k + q] * v[q];
                }
            }
            for u in &vecs {
                let dot: f64 = w.iter().zip(u).map(|(a, b)| a * b).sum();
                for (wi, ui) in w.iter_mut().zip(u) {
                    *wi -= dot * ui;
                }
            }
            let norm = w.iter().map(|a| a * a).sum::<f64>().sqrt();
            if norm < 1e-12 {
                break;
            }
            v = w.iter().map(|a| a / norm).collect();
        }
        vecs.push(v);
    }
    let mut out = vec![(0.0, 0.0); c];
    for (j, o) in out.iter_mut().enumerate() {
        let (mut x, mut y) = (0.0, 0.0);
        for p in 0..k {
            x += b[j * k + p] * vecs[0][p];
            y += b[j * k + p] * vecs[1][p];
        }
        // A tiny deterministic offset so that coincident nodes can separate.
        *o = (x + (j % 7) as f64 * 0.37, y + (j % 5) as f64 * 0.41);
    }
    // Scale so that the mean edge-free distance matches the targets roughly.
    let norm = out.iter().map(|p| p.0.abs().max(p.1.abs())).fold(0.0, f64::max);
    if norm > 0.0 {
        let want = scale * (c as f64).sqrt();
        for p in &mut out {
            *p = (p.0 / norm * want, p.1 / norm * want);
        }
    }
    out
}

/// Scale a component up until its bounding box has room for its boxes (at most 30% covered), so
/// that removing overlaps moves nodes only locally.
fn spread(members: &[usize], pos: &mut [(f64, f64)], sizes: &[Size], gap: f64) {
    let need: f64 = members.iter().map(|&v| (sizes[v].w + gap) * (sizes[v].h + gap)).sum::<f64>() / 0.3;
    let (x0, y0, x1, y1) = bounds(members, pos, sizes);
    let have = (x1 - x0).max(1.0) * (y1 - y0).max(1.0);
    if have < need {
        let f = (need / have).sqrt();
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        for &v in members {
            pos[v] = (cx + (pos[v].0 - cx) * f, cy + (pos[v].1 - cy) * f);
        }
    }
}

/// Push overlapping boxes apart along the axis where they overlap least, until none overlap
/// (or a bound on passes is reached).
fn remove_overlaps(members: &[usize], pos: &mut [(f64, f64)], sizes: &[Size], gap: f64) {
    for _pass in 0..200 {
        let mut order: Vec<usize> = members.to_vec();
        order.sort_by(|&a, &b| (pos[a].0 - sizes[a].w / 2.0).total_cmp(&(pos[b].0 - sizes[b].w / 2.0)).then(a.cmp(&b)));
        let mut any = false;
        for i in 0..order.len() {
            let a = order[i];
            let right = pos[a].0 + sizes[a].w / 2.0 + gap;
            for &b in &order[i + 1..] {
                if pos[b].0 - sizes[b].w / 2.0 >= right {
                    break;
                }
                let ox = (sizes[a].w + sizes[b].w) / 2.0 + gap - (pos[a].0 - pos[b].0).abs();
                let oy = (sizes[a].h + sizes[b].h) / 2.0 + gap - (pos[a].1 - pos[b].1).abs();
                if ox <= 0.0 || oy <= 0.0 {
                    continue;
                }
                any = true;
                if ox < oy {
                    let s = if pos[a].0 < pos[b].0 || (pos[a].0 == pos[b].0 && a < b) { -1.0 } else { 1.0 };
                    pos[a].0 += s * ox / 2.0;
                    pos[b].0 -= s * ox / 2.0;
                } else {
                    let s = if pos[a].1 < pos[b].1 || (pos[a].1 == pos[b].1 && a < b) { -1.0 } else { 1.0 };
                    pos[a].1 += s * oy / 2.0;
                    pos[b].1 -= s * oy / 2.0;
                }
            }
        }
        if !any {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(pos: &[(f64, f64)], sizes: &[Size]) -> usize {
        let mut n = 0;
        for i in 0..pos.len() {
            for j in i + 1..pos.len() {
                let ox = (sizes[i].w + sizes[j].w) / 2.0 - (pos[i].0 - pos[j].0).abs();
                let oy = (sizes[i].h + sizes[j].h) / 2.0 - (pos[i].1 - pos[j].1).abs();
                if ox > 0.0 && oy > 0.0 {
                    n += 1;
                }
            }
        }
        n
    }

    #[test]
    fn no_overlaps_and_neighbours_close() {
        // Two triangles joined by a path, plus an isolated node.
        let sizes = vec![Size { w: 80.0, h: 30.0 }; 8];
        let edges = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 6), (6, 3)];
        let pos = layout(&sizes, &edges, &[None; 8], &LayoutOptions::default());
        assert_eq!(overlaps(&pos, &sizes), 0);
        let d = |a: usize, b: usize| ((pos[a].0 - pos[b].0).powi(2) + (pos[a].1 - pos[b].1).powi(2)).sqrt();
        // Within a triangle is closer than across.
        assert!(d(0, 1) < d(0, 4), "{pos:?}");
        // Deterministic.
        assert_eq!(pos, layout(&sizes, &edges, &[None; 8], &LayoutOptions::default()));
        assert!(pos.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
    }

    #[test]
    fn a_large_sparse_graph_has_no_overlaps() {
        let n = 300;
        let sizes: Vec<Size> = (0..n).map(|i| Size { w: 40.0 + (i % 5) as f64 * 20.0, h: 24.0 }).collect();
        let edges: Vec<(usize, usize)> = (1..n).map(|i| (i, (i * 7) % i)).collect();
        let pos = layout(&sizes, &edges, &vec![None; n], &LayoutOptions::default());
        assert_eq!(overlaps(&pos, &sizes), 0);
    }

    #[test]
    fn empty_and_tiny() {
        assert!(layout(&[], &[], &[], &LayoutOptions::default()).is_empty());
        let one = layout(&[Size { w: 10.0, h: 10.0 }], &[], &[None], &LayoutOptions::default());
        assert_eq!(one.len(), 1);
    }
}
