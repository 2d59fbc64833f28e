module.exports = require('../../tools/webpack-app')(__dirname);
