// npm scripts must run on Node 24 (from the `node` dev dependency) even where the
// system Node is older: this fails loudly if PATH resolution ever stops giving us that.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(`npm scripts run on Node ${process.version}; AppManager needs Node 24 LTS. Run \`npm ci\` so node_modules/.bin/node (from the "node" dev dependency) exists.`);
  process.exit(1);
}
console.log(`node ${process.version} (${process.execPath})`);
