// Shared @swc/jest transform. Decorator metadata must be emitted, or Nest DI and
// ValidationPipe silently lose parameter types (TOOLCHAIN.md, gotcha 5).
module.exports = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
