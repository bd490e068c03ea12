/** The XOR story in numbers, from the tested example examples/xor (one layer fails, a 2-4-1 MLP succeeds). */
import { trainMlp, trainSingleLayer } from '../../examples/xor/scalar.js';

export function main(): void {
  const single = trainSingleLayer({ seed: 0 });
  const mlp = trainMlp({ seed: 0 });
  const show = (p: readonly number[]) => p.map((v) => v.toFixed(3)).join(', ');
  console.log(`one layer:  accuracy ${single.accuracy * 100}%, loss ${single.finalLoss.toFixed(4)}, predictions ${show(single.predictions)}`);
  console.log(`2-4-1 MLP:  accuracy ${mlp.accuracy * 100}%, loss ${mlp.finalLoss.toFixed(4)}, predictions ${show(mlp.predictions)}`);
}
