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
