// The webpack build every app shares: a Node bundle of the app and the libs it
// imports (compiled by tsc, so decorator metadata is kept), node_modules external.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join } = require('path');

module.exports = function appWebpackConfig(appDir) {
  return {
    output: { path: join(__dirname, '..', 'dist', 'apps', basename(appDir)) },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
      }),
    ],
  };
};
