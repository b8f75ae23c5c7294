// Which Barrier pass tripped its barrier, as the model rules it, in a walk over a run's chunks
// (render/summary.ts). The model groups the passes of one trip (same barrier, same trip seq `l`) and
// takes the one with the highest arrival index as the tripper, which did not wait (prim-pass.ts,
// thread-pass.ts). A walk rules each pass as it comes: the tripper is the arrival with index
// parties - 1. It counts each trip's passes on the side; a trip whose passes are all in, with one
// arrival at parties - 1, bears that out and is forgotten, so only trips still under way are held.
// At the end, a trip left over whose highest arrival is not one pass at parties - 1 (a trace cut
// in the middle of a trip, an unknown party count) was ruled otherwise than the model rules it.

/** Per barrier, per trip seq: [passes, highest arrival index (-1 none), passes at that index]. */
export type BarrierTrips = Map<number, Map<number, number[]>>;

/** Counts a pass (barrier p, trip l, arrival index a: NaN none) of a barrier with `parties` parties. */
export function countPass(trips: BarrierTrips, p: number, l: number, a: number, parties: number): void {
  let ofBarrier = trips.get(p);
  if (!ofBarrier) trips.set(p, (ofBarrier = new Map()));
  let trip = ofBarrier.get(l);
  if (!trip) ofBarrier.set(l, (trip = [0, -Infinity, 0]));
  const arrival = a === a ? a : -1; // as prim-pass.ts ranks a pass without an index
  trip[0]++;
  if (arrival > trip[1]) {
    trip[1] = arrival;
    trip[2] = 1;
  } else if (arrival === trip[1]) trip[2]++;
  if (trip[0] === parties && tripperIsLast(trip, parties)) ofBarrier.delete(l);
}

/** Whether every trip still held had its tripper where the walk took it to be (`parties`: by barrier, from the final header). */
export function tripsAgree(trips: BarrierTrips, parties: (p: number) => number): boolean {
  for (const [p, ofBarrier] of trips) for (const trip of ofBarrier.values()) if (!tripperIsLast(trip, parties(p))) return false;
  return true;
}

function tripperIsLast(trip: number[], parties: number): boolean {
  return trip[1] === parties - 1 && trip[2] === 1;
}
