/**
 * `pnpm demo` (= `pnpm example xor`): why one layer cannot learn XOR and two layers can, first on the scalar
 * engine (./scalar.ts), then the same with tensors, `@nabla/nn` and `@nabla/optim` (./tensor.ts). The
 * training lives in those files; this one only prints.
 */
import { XOR_INPUTS, XOR_TARGETS, trainMlp, trainSingleLayer, type TrainResult } from './scalar.js';
import { trainTensorMlp, trainTensorSingleLayer } from './tensor.js';

const SEED = 0;
const ITERATIONS = 1000;
const LOG_EVERY = 200;

const pct = (a: number): string => `${Math.round(a * 100)}% (${Math.round(a * XOR_TARGETS.length)}/${XOR_TARGETS.length})`;

function report(r: TrainResult): void {
  for (const [step, loss] of r.losses) console.log(`  step ${String(step).padStart(4)}  loss ${loss.toFixed(6)}`);
  console.log('');
  console.log('  x0 x1 | target | prediction | class');
  XOR_INPUTS.forEach(([x0, x1], i) => {
    const p = r.predictions[i] as number;
    const cls = p > 0.5 ? 1 : 0;
    const mark = cls === XOR_TARGETS[i] ? 'right' : 'WRONG';
    console.log(`   ${x0}  ${x1} |   ${XOR_TARGETS[i]}    |   ${p.toFixed(4)}   | ${cls} ${mark}`);
  });
  console.log(`  accuracy: ${pct(r.accuracy)}, final loss ${r.finalLoss.toFixed(6)}`);
  console.log('');
}

function main(): void {
  const t0 = performance.now();
  console.log('XOR with the nabla scalar engine (Value), full-batch gradient descent on mean squared error\n');

  console.log(`1) The seed article's model: one layer, y = sigmoid(w.X + b)`);
  console.log(`   learning_rate = 0.1, iterations = ${ITERATIONS}, seed ${SEED}`);
  const single = trainSingleLayer({ seed: SEED, iterations: ITERATIONS, learningRate: 0.1, logEvery: LOG_EVERY });
  report(single);
  console.log('   Why it is stuck: a single sigmoid unit draws one straight line (w.X + b = 0) through the plane.');
  console.log('   No line puts (0,1) and (1,0) on one side and (0,0) and (1,1) on the other, so at least one');
  console.log('   point is always wrong (accuracy at most 75%). Under MSE the best line gives up altogether:');
  console.log('   w -> 0, b -> 0, every prediction 0.5, loss 0.25; more iterations only get closer to that.\n');

  console.log('2) A 2-4-1 MLP: tanh hidden layer of 4 neurons, sigmoid output');
  console.log(`   learning rate 1, iterations = ${ITERATIONS}, seed ${SEED}`);
  const mlp = trainMlp({ seed: SEED, iterations: ITERATIONS, learningRate: 1, logEvery: LOG_EVERY });
  report(mlp);
  console.log('   The hidden layer maps the four points to a space where one line does separate them.\n');

  console.log('The same with tensors: the four points go through the model at once as a [4, 2] batch,');
  console.log('nn.Linear layers hold the weights, mseLoss scores them and an optimizer makes the update.\n');

  console.log('3) Linear(2, 1) + Sigmoid, the single layer again, SGD with lr 0.1');
  const tSingle = trainTensorSingleLayer({ seed: SEED, iterations: ITERATIONS, logEvery: LOG_EVERY });
  report(tSingle);
  console.log('   Same model, same verdict: no line separates XOR.\n');

  console.log('4) Linear(2, 4) + Tanh + Linear(4, 1) + Sigmoid, Adam with lr 0.05, 300 iterations');
  const tMlp = trainTensorMlp({ seed: SEED, iterations: 300, logEvery: 100 });
  report(tMlp);
  console.log('   Adam scales each weight\'s step by its own gradient history; 300 steps are enough here.\n');

  console.log(`Final accuracy, scalar engine: single layer ${pct(single.accuracy)}, 2-4-1 MLP ${pct(mlp.accuracy)}`);
  console.log(`Final accuracy, tensors:       single layer ${pct(tSingle.accuracy)}, 2-4-1 MLP ${pct(tMlp.accuracy)}`);
  console.log(`(trained in ${Math.round(performance.now() - t0)} ms)`);
}

main();
