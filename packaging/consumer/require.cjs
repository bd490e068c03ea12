// CommonJS consumer: loads the ESM packages through require(esm) (Node ^20.19 || >=22.12).
const { tensor } = require('@nabla/autograd');
const { gradcheck } = require('@nabla/autograd/testing');
const { Linear } = require('@nabla/nn');
const { SGD } = require('@nabla/optim');

const layer = new Linear(2, 1, { dtype: 'float64' });
const opt = new SGD(layer.parameters(), { lr: 0.01 });
const x = tensor([[1, 2], [3, 4]], { dtype: 'float64' });
const before = layer.forward(x).square().mean();
before.backward();
opt.step();
const after = layer.forward(x).square().mean().item();
console.log(JSON.stringify({ before: before.item(), after, gradcheck: gradcheck((t) => t.exp().sum(), [x]) }));
