/** Routes over the road graph: the shortest chain of roads, the same both ways, and a clear error when there is none. */
import { describe, expect, it } from 'vitest';
import { RoadNetwork, type Place } from '../../sim/supervision/road-network.js';
import { cumulativeM } from '../../sim/kernel/geo.js';

const places: Place[] = [
  { id: 'port', kind: 'port', at: [39.0, 117.7] },
  { id: 'hub', kind: 'inland_customs', at: [38.0, 114.5] },
  { id: 'city', kind: 'factory', at: [37.9, 112.5] },
  { id: 'island', kind: 'factory', at: [30.0, 120.0] },
];

describe('road network', () => {
  const net = new RoadNetwork(places, [
    { from: 'port', to: 'hub', via: [[38.6, 116.0]] },
    { from: 'hub', to: 'city', via: [] },
    // a long way round, never the shortest
    { from: 'port', to: 'city', via: [[42.0, 116.0], [41.0, 113.0]] },
  ]);

  it('takes the shortest chain of roads and drives its waypoints in order', () => {
    const r = net.route('port', 'city');
    expect(r.points).toEqual([[39.0, 117.7], [38.6, 116.0], [38.0, 114.5], [37.9, 112.5]]);
    expect(r.lengthM).toBeCloseTo(cumulativeM(r.points).at(-1)!, 6);
    expect(r.lengthM).toBeLessThan(cumulativeM([[39.0, 117.7], [42.0, 116.0], [41.0, 113.0], [37.9, 112.5]]).at(-1)!);
  });
  it('is the same road both ways', () => {
    const there = net.route('port', 'city'), back = net.route('city', 'port');
    expect(back.points).toEqual([...there.points].reverse());
    expect(back.lengthM).toBeCloseTo(there.lengthM, 6);
  });
  it('names the places when no road joins them, or when a place is unknown', () => {
    expect(() => net.route('port', 'island')).toThrow("no road connects 'port' to 'island'");
    expect(() => net.route('port', 'atlantis')).toThrow(/no place 'atlantis'.*places: port, hub, city, island/);
  });
  it('refuses a place defined twice', () => {
    expect(() => new RoadNetwork([...places, { id: 'hub', kind: 'factory', at: [0, 0] }], [])).toThrow("place 'hub' is defined twice");
  });
});

describe('roads longer than their waypoints, and with speeds of their own', () => {
  const places: Place[] = [
    { id: 'a', kind: 'port', at: [30.0, 120.0] },
    { id: 'b', kind: 'inland_customs', at: [30.0, 121.0] },
    { id: 'c', kind: 'factory', at: [30.0, 122.0] },
  ];
  const net = new RoadNetwork(places, [
    { from: 'a', to: 'b', via: [], km: 150, speedKmh: { dist: 'constant', value: 50 } },
    { from: 'b', to: 'c', via: [] },
  ]);
  it('a route pays the roads’ km and knows where each road ends on its polyline', () => {
    const r = net.route('a', 'c');
    const ab = cumulativeM([places[0].at, places[1].at]).at(-1)!;
    const bc = cumulativeM([places[1].at, places[2].at]).at(-1)!;
    expect(r.km).toBeCloseTo(150 + bc / 1000, 6);
    expect(r.legs.map((l) => l.endM)).toEqual([r.cum[1], r.cum[2]]);
    expect(r.legs[0].stretch).toBeCloseTo(150_000 / ab, 9);
    expect(r.legs[1].stretch).toBe(1);
    expect(r.legs[0].speedKmh).toEqual({ dist: 'constant', value: 50 });
    expect(r.legs[1].speedKmh).toBeUndefined();
    // the other way round, the roads come in the other order
    expect(net.route('c', 'a').legs.map((l) => l.km)).toEqual([bc / 1000, 150]);
  });
  it('the shortest route is by driving distance, not by the waypoints', () => {
    const n = new RoadNetwork(places, [
      { from: 'a', to: 'c', via: [], km: 400 },
      { from: 'a', to: 'b', via: [] },
      { from: 'b', to: 'c', via: [] },
    ]);
    expect(n.route('a', 'c').points).toHaveLength(3);
  });
  it('refuses a road shorter than its waypoints', () => {
    expect(() => new RoadNetwork(places, [{ from: 'a', to: 'b', via: [], km: 10 }])).toThrow(/10 km is shorter than its waypoints measure/);
  });
});
