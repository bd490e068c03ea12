/**
 * Backs the name map of porting-from-pytorch.md: every nabla call in its tables, compiled and run once, so a
 * renamed function or option breaks this file's typecheck or run instead of silently rotting the table.
 */
import {
  bernoulli, checkpoint, emptyLike, fullLike, inferenceMode, logspace, multinomial, normal, poisson, polygamma, randLike, randnLike,
  randperm,
} from '@nabla/autograd';
import { linalg } from '@nabla/autograd';
import {
  addmm, addmv, baddbmm, bmm, cartesianProd, cdist, combinations, cross, einsum, kron, meshgrid, searchsorted, tensordot, trilIndices,
  triuIndices, unique,
} from '@nabla/autograd';
import {
  Generator, arange, concat, detectAnomaly, enableGrad, eye, full, grad, gradients, hessian, hvp, isGradEnabled, jacobian, jvp,
  linspace, manualSeed, noGrad, ones, rand, randint, randn, stack, tensor, valueAndGrad, vjp, where, zeros, zerosLike,
} from '@nabla/autograd';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, CrossEntropyLoss, Dropout, Embedding, Flatten, GELU, GRU, GRUCell, LSTM,
  LSTMCell, LayerNorm, Linear, MSELoss, MaxPool2d, ModuleList, MultiheadAttention, Parameter, RNN, RNNCell, ReLU, Sequential,
  Softmax, init,
} from '@nabla/nn';
import {
  avgPool2d, batchNorm, bceWithLogits, binaryCrossEntropy, conv1d, conv2d, cosineSimilarity, crossEntropy, dropout, embedding,
  huberLoss, klDiv, l1Loss, layerNorm, linear, maxPool2d, mseLoss, nllLoss, smoothL1Loss,
} from '@nabla/nn/functional';
import {
  AdaptiveAvgPool2d, ConvTranspose2d, DataLoader, GroupNorm, InstanceNorm2d, ModuleDict, ParameterDict, ParameterList, PReLU, RMSNorm,
  TensorDataset, Transformer, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer, Upsample, randomSplit,
} from '@nabla/nn';
import { adaptiveAvgPool2d, convTranspose2d, groupNorm, interpolate, rmsNorm, scaledDotProductAttention } from '@nabla/nn/functional';
import {
  Adadelta, Adagrad, Adam, AdamW, Adamax, CosineAnnealingLR, NAdam, OneCycleLR, RAdam, RMSprop, ReduceLROnPlateau, SGD, StepLR,
  clipGradNorm, clipGradValue,
} from '@nabla/optim';

export function main(): void {
  // Tensors
  manualSeed(0);
  const gen = new Generator(0);
  const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64', requiresGrad: true });
  [zeros([2, 3]), ones([2]), full([2], 7), zerosLike(x), arange(0, 4), linspace(0, 1, 5), eye(3)].forEach((t) => t.shape);
  [rand([2]), randn([2], { generator: gen }), randint(0, 3, [4])].forEach((t) => t.dtype);
  void [x.shape, x.size, x.ndim, x.dtype];
  x.reshape([3, -1]).flatten(0).unsqueeze(1).squeeze().expand([2, 6]);
  x.transpose().transpose(0, 1).permute(1, 0);
  concat([x, x], 1).split(3, 1);
  stack([x, x], 0);
  where(x.gt(2), x, 0);
  x.where(x.gt(2), 0);
  [x.sum(), x.mean(0), x.max(1), x.argmax(1), x.sum(1, true), x.var(1, { correction: 0 })].forEach((t) => t.shape);
  [x.softmax(-1), x.logSoftmax(-1), x.logsumexp(1)].forEach((t) => t.shape);
  [x.astype('float32'), x.astype('float64'), x.astype('int32')].forEach((t) => t.dtype);
  void [x.slice([[0, 1], [0, 1]]).squeeze(1).item(), x.toArray(), x.data()];
  x.detach().clone().setRequiresGrad();
  const h = x.registerHook(() => undefined);
  h.remove();
  const y = x.mul(2).retainGrad();
  y.sum().backward(undefined, { retainGraph: true, createGraph: false });
  void [x.grad, y.grad];
  x.zeroGrad();

  // Autograd
  const f = (t: typeof x) => t.square().sum();
  gradients(x.mul(x).sum(), [x], { seed: tensor(1, { dtype: 'float64' }) });
  grad(f, { argnums: 0 })(x);
  valueAndGrad(f)(x);
  vjp(f, x)[1](tensor(1, { dtype: 'float64' }));
  jvp(f, [x], [ones([2, 3], { dtype: 'float64' })]);
  jacobian((t: typeof x) => t.square())(x);
  hessian(f)(x);
  hvp(f, x, ones([2, 3], { dtype: 'float64' }));
  detectAnomaly(() => x.add(1));
  enableGrad(() => isGradEnabled());
  noGrad(() => x.mul(2));
  inferenceMode(() => x.mul(2));
  checkpoint((t) => t.tanh().sum(), x);

  // Wave 2: special functions, activations, scans, reductions, sampling
  const u = tensor([[0.1, -0.5, 0.7], [0.3, 0.9, -0.2]], { dtype: 'float64' });
  [u.tan(), u.asin(), u.acos(), u.atan(), u.sinh(), u.cosh(), u.asinh(), u.add(2).acosh(), u.atanh(), u.atan2(x), u.hypot(x)].forEach((t) => t.shape);
  [x.log2(), x.log10(), u.exp2(), u.expm1(), u.erf(), u.erfinv(), x.lgamma(), x.digamma(), polygamma(2, x), x.polygamma(1)].forEach((t) => t.shape);
  [u.floor(), u.ceil(), u.round({ decimals: 2 }), u.trunc(), u.frac(), u.sign()].forEach((t) => t.shape);
  [x.fmod(2), x.remainder(2), u.lerp(x, 0.5), u.addcmul(x, x, { value: 0.5 }), u.addcdiv(x, x, { value: 2 })].forEach((t) => t.shape);
  [u.logaddexp(x), x.xlogy(x), u.isnan(), u.isinf(), u.isfinite(), u.nanToNum({ nan: 0, posinf: 1 })].forEach((t) => t.shape);
  [u.logicalAnd(x), u.logicalOr(x), u.logicalXor(x), u.logicalNot()].forEach((t) => t.dtype);
  [u.mish(), u.hardswish(), u.hardsigmoid(), u.selu(), u.celu({ alpha: 2 }), u.relu6(), u.hardtanh({ min: -2, max: 2 })].forEach((t) => t.shape);
  [u.softsign(), u.logsigmoid(), u.glu(0), u.prelu(tensor([0.25, 0.5, 0.75], { dtype: 'float64' })), u.softplus({ beta: 2, threshold: 10 })].forEach((t) => t.shape);
  [u.cumsum(1), u.cumprod(1), u.logcumsumexp(1), u.cummax(1).values, u.cummin(1).indices].forEach((t) => t.shape);
  [u.all(1), u.any(), u.countNonzero(1), u.nansum(), u.nanmean(), u.amax(1), u.amin(1)].forEach((t) => t.shape);
  [u.median(), u.median(1).values, u.quantile(0.5, 1, { keepDims: true, interpolation: 'lower' })].forEach((t) => t.shape);
  const p = tensor([0.2, 0.3, 0.5]);
  [bernoulli(p), multinomial(p, 2, { replacement: true }), randperm(4), normal(0, 1, [3]), poisson(p, { generator: gen })].forEach((t) => t.shape);
  [randLike(u), randnLike(u), fullLike(u, 7), emptyLike(u), logspace(0, 3, 4, { base: 2 })].forEach((t) => t.shape);
  const sq = tensor([[4, 1, 0], [1, 3, 1], [0, 1, 2]], { dtype: 'float64' });
  const rhs = tensor([[1, 0], [0, 1], [1, 1]], { dtype: 'float64' });
  [linalg.cholesky(sq, { upper: true }), linalg.solveTriangular(sq, rhs, { upper: false }), linalg.solveTriangular(sq, rhs.transpose(), { upper: false, left: false, unitriangular: true })].forEach((t) => t.shape);
  [linalg.inv(sq), linalg.solve(sq, rhs.transpose(), { left: false }), linalg.det(sq), linalg.slogdet(sq).sign, linalg.slogdet(sq).logabsdet].forEach((t) => t.shape);
  [linalg.qr(sq, { mode: 'complete' }).Q, linalg.eigh(sq, { uplo: 'U' }).eigenvalues, linalg.eigh(sq).eigenvectors, linalg.eigvalsh(sq)].forEach((t) => t.shape);
  [linalg.svd(rhs, { fullMatrices: false }).U, linalg.svd(rhs).S, linalg.svd(rhs).Vh, linalg.svdvals(rhs), linalg.pinv(rhs, { rtol: 1e-10 })].forEach((t) => t.shape);
  const ls = linalg.lstsq(rhs, sq);
  [ls.solution, ls.residuals, ls.rank, ls.singularValues].forEach((t) => t.shape);
  [linalg.matrixNorm(sq.unsqueeze(1), { ord: 'nuc', axis: [0, 2] }), linalg.vectorNorm(sq, 3, -1), linalg.vectorNorm(sq, { ord: 3, axis: -1 }), linalg.cond(sq), linalg.matrixRank(sq)].forEach((t) => t.shape);
  [linalg.matrixPower(sq, -2), linalg.matrixExp(sq), linalg.multiDot([sq, rhs, rhs.transpose()])].forEach((t) => t.shape);

  // Wave 2: sorting, indexing, shape ops, einsum and products
  const s = tensor([[3, 1, 2], [9, 7, 8]], { dtype: 'float64' });
  const i0 = tensor([[0, 2]], { dtype: 'int32' });
  const row = tensor([2, 0], { dtype: 'int32' });
  [s.sort(1, { descending: true }).values, s.sort(1).indices, s.argsort(1, { descending: true }), s.topk(2, 1, { largest: true, sorted: true }).values, s.kthvalue(2, 1, true).indices].forEach((t) => t.shape);
  const uq = unique(s, { returnInverse: true, returnCounts: true, axis: 0 });
  [uq.values, uq.inverse!, uq.counts!, unique(s), searchsorted(s, s, { right: true }), s.bucketize(tensor([1, 5], { dtype: 'float64' }), { right: false })].forEach((t) => t.shape);
  [s.select(1, 0), s.narrow(0, 1, 1), s.T, s.mT, s.maskedFill(s.gt(2), 0), s.maskedSelect(s.gt(2)), s.nonzero(), s.argwhere()].forEach((t) => t.shape);
  [s.scatter(1, i0, tensor([[5, 6]], { dtype: 'float64' })), s.scatter(1, i0, 0), s.scatterAdd(1, i0, s), s.scatterReduce(1, i0, s, 'amax', { includeSelf: false })].forEach((t) => t.shape);
  [s.indexAdd(1, row, s.narrow(1, 0, 2), { alpha: 2 }), s.indexCopy(1, row, s.narrow(1, 0, 2)), s.indexFill(1, row, -1), s.indexPut([tensor([1, 0], { dtype: 'int32' }), row], tensor(1, { dtype: 'float64' }), { accumulate: true })].forEach((t) => t.shape);
  [s.takeAlongAxis(s.argsort(1), 1), s.take(row)].forEach((t) => t.shape);
  [...s.chunk(3, 1), ...s.unbind(0), s.roll(1, 0), s.repeatInterleave(2, 0), s.tile([2, 2])].forEach((t) => t.shape);
  [s.tril(-1), s.triu(1), s.diag(0), s.diagonal({ offset: 0, axis1: 0, axis2: 1 }), s.select(0, 0).diagEmbed({ offset: 1 }), s.narrow(1, 0, 2).trace()].forEach((t) => t.shape);
  [s.movedim(0, -1), s.swapaxes(0, 1), s.unflatten(1, [3, 1]), s.select(0, 0).atleast2d()].forEach((t) => t.shape);
  [s.pad([[0, 0], [1, 1]], { mode: 'reflect' }), s.pad([[1, 1], [0, 0]], 0), s.pad([[1, 0], [0, 0]], { mode: 'replicate', value: 0 })].forEach((t) => t.shape);
  const [gx, gy] = meshgrid(row, row, { indexing: 'xy' });
  [gx!, gy!, cartesianProd(row, row), combinations(s.select(0, 0), 2), triuIndices(3, 3, 1), trilIndices(3, 3, 0)].forEach((t) => t.shape);
  [einsum('ij,kj->ik', s, s), tensordot(s, s, 2), kron(s, s), bmm(s.unsqueeze(0), s.T.unsqueeze(0)), s.mv(tensor([1, 1, 1], { dtype: 'float64' }))].forEach((t) => t.shape);
  [addmm(s.select(1, 0), s, s.T, { beta: 0.5, alpha: 2 }), baddbmm(s.select(1, 0).unsqueeze(1), s.unsqueeze(0), s.T.unsqueeze(0)), addmv(s.select(1, 0), s, s.select(0, 0))].forEach((t) => t.shape);
  [cross(s, s, -1), cdist(s, s, { p: 1 })].forEach((t) => t.shape);

  // Layers
  const img = randn([2, 1, 8, 8]);
  new Parameter(zeros([2]));
  new Linear(4, 2, { bias: false }).forward(randn([3, 4]));
  new Conv2d(1, 8, 3, { padding: 1 }).forward(img);
  new Conv1d(2, 4, 3).forward(randn([2, 2, 10]));
  new MaxPool2d(2).forward(img);
  new AvgPool2d(2).forward(img);
  new BatchNorm1d(4).forward(randn([5, 4]));
  new BatchNorm2d(1).forward(img);
  new LayerNorm(8).forward(img);
  new Dropout(0.1).forward(img);
  new Embedding(10, 4).forward(randint(0, 10, [3]));
  new Flatten().forward(img);
  new RNN(10, 20).forward(randn([5, 2, 10]));
  new LSTM(10, 20, { numLayers: 2, batchFirst: true }).forward(randn([2, 5, 10]));
  new GRU(10, 20).forward(randn([5, 2, 10]));
  void [new RNNCell(10, 20), new LSTMCell(10, 20), new GRUCell(10, 20)];
  const q = randn([2, 5, 64]);
  new MultiheadAttention(64, 4, { batchFirst: true }).forward(q, q, q);
  [new ReLU(), new GELU(), new Softmax(1)].forEach((m) => m.forward(randn([2, 3])));
  const seq = new Sequential(new Linear(4, 2), new ReLU());
  new ModuleList([new Linear(2, 2), new Linear(2, 2)]);
  new MSELoss().forward(randn([3]), randn([3]));
  new CrossEntropyLoss().forward(randn([3, 4]), randint(0, 4, [3]));
  init.kaimingUniform(new Parameter(zeros([3, 4])), { a: Math.sqrt(5) });
  void [seq.parameters(), seq.namedParameters(), seq.children(), seq.modules()];
  seq.train().eval().zeroGrad();
  seq.loadStateDict(seq.stateDict(), { strict: false });
  seq.to('float64');

  // Wave 2 (nn): containers, module API, data, Transformer, norms, transposed convs, resampling
  const heads = new ModuleDict({ cls: new Linear(4, 2) });
  void [heads.get('cls'), new ParameterList([zeros([2])]), new ParameterDict({ w: zeros([2]) })];
  seq.addModule('extra', new ReLU());
  seq.apply(() => undefined).requiresGrad(false).requiresGrad(true);
  void [seq.namedModules(), seq.buffers(), seq.namedBuffers()];
  seq.registerForwardPreHook(() => undefined).remove();
  seq.registerForwardHook(() => undefined).remove();
  const ds = new TensorDataset(randn([10, 4]), randint(0, 3, [10]));
  for (const [xb, yb] of new DataLoader(ds, { batchSize: 4, shuffle: true, dropLast: true, generator: new Generator(0) })) void [xb, yb];
  randomSplit(ds, [0.8, 0.2], { generator: new Generator(0) });
  const layer = new TransformerEncoderLayer(16, 4, { dimFeedforward: 32, normFirst: true });
  new TransformerEncoder(layer, 2, { norm: new LayerNorm(16) }).forward(randn([5, 2, 16]), { isCausal: true });
  new TransformerDecoder(new TransformerDecoderLayer(16, 4, { dimFeedforward: 32 }), 1).forward(randn([3, 2, 16]), randn([5, 2, 16]));
  new Transformer({ dModel: 16, nhead: 4, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 32 }).forward(randn([5, 2, 16]), randn([3, 2, 16]), { tgtMask: Transformer.generateSquareSubsequentMask(3) });
  scaledDotProductAttention(randn([2, 5, 8]), randn([2, 5, 8]), randn([2, 5, 8]), { isCausal: true, dropoutP: 0.1 });
  new GroupNorm(2, 4).forward(randn([2, 4, 3])); new RMSNorm(8).forward(img); new InstanceNorm2d(1).forward(img); new PReLU().forward(img);
  new ConvTranspose2d(1, 2, 3, { stride: 2, outputPadding: 1 }).forward(img);
  new AdaptiveAvgPool2d([1, 1]).forward(img); new Upsample({ scaleFactor: 2, mode: 'bilinear' }).forward(img);
  void [groupNorm(randn([2, 4, 3]), 2), rmsNorm(img, 8), convTranspose2d(img, randn([1, 2, 3, 3])), adaptiveAvgPool2d(img, 1), interpolate(img, { size: [4, 4], mode: 'bicubic' })];

  // Functional
  const z = randn([4, 3]);
  const labels = randint(0, 3, [4]);
  linear(randn([2, 4]), randn([3, 4]), randn([3]));
  conv2d(img, randn([4, 1, 3, 3]), null, { stride: 1, padding: 0, dilation: 1, groups: 1 });
  conv1d(randn([1, 2, 10]), randn([4, 2, 3]));
  maxPool2d(img, 2);
  avgPool2d(img, 2);
  dropout(z, { p: 0.5, training: true });
  layerNorm(z, 3);
  batchNorm(z, zeros([3]), ones([3]), null, null, { training: true });
  embedding(labels, randn([3, 5]));
  [mseLoss(z, z), l1Loss(z, z), smoothL1Loss(z, z), huberLoss(z, z)].forEach((l) => l.item());
  crossEntropy(z, labels, { weight: ones([3]), ignoreIndex: -100, labelSmoothing: 0.1 });
  nllLoss(z.logSoftmax(1), labels);
  binaryCrossEntropy(z.sigmoid(), rand([4, 3]));
  bceWithLogits(z, rand([4, 3]), { posWeight: ones([3]) });
  klDiv(z.logSoftmax(1), z.softmax(1), { reduction: 'batchmean' });
  cosineSimilarity(z, z);

  // Optimizers
  const ps = new Linear(4, 2).parameters();
  const sgd = new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true });
  for (const o of [new Adam(ps, { amsgrad: true }), new AdamW(ps), new Adamax(ps), new NAdam(ps, { momentumDecay: 4e-3 }), new RAdam(ps)]) o.zeroGrad();
  for (const o of [new Adagrad(ps, { lrDecay: 0 }), new Adadelta(ps), new RMSprop(ps, { centered: true })]) o.zeroGrad();
  new SGD([{ params: ps, lr: 1e-3 }], { lr: 0.1 });
  sgd.paramGroups[0]!.lr = 0.05;
  sgd.loadStateDict(sgd.stateDict());
  new StepLR(sgd, { stepSize: 30, gamma: 0.1 }).getLastLr();
  new CosineAnnealingLR(sgd, { tMax: 100 });
  new OneCycleLR(new SGD(ps, { lr: 0.1, momentum: 0.9 }), { maxLr: 0.1, totalSteps: 10 });
  new ReduceLROnPlateau(sgd, { mode: 'min', factor: 0.5, patience: 2 });
  clipGradNorm(ps, 1.0);
  clipGradValue(ps, 0.5);
  console.log('every name in the map exists');
}
