/** Consignments and enterprises drawn from the test port (test/agents/port-fixture.ts), for the domain modules' unit tests. */
import { RngStreams } from '../../sim/kernel/rng.js';
import { ConsignmentFactory, consignmentStreams } from '../../sim/supervision/consignment.js';
import { drawPopulation } from '../../sim/supervision/population.js';
import { world } from '../agents/port-fixture.js';

export function drawPort(seed = 7) {
  const w = world();
  const rng = new RngStreams(seed);
  const population = drawPopulation(w.population, w.truth, rng.stream('population'));
  const streams = consignmentStreams(rng.seed);
  const factory = new ConsignmentFactory(population, w.truth, w.times, w.importShare, w.population.eplateShare, streams.identity);
  const draw = (seq: number) => factory.draw(seq, `C${seq}`, seq * 90, streams);
  return { w, population, factory, streams, draw };
}
