// First step of `npm test`: fail clearly when the project's Node 22 is not the one running.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `This project needs Node >= 22 (found ${process.version}). Run "npm ci" first: it installs ` +
      'Node 22 from the npm registry as a dev dependency, and npm scripts then use it.',
  );
  process.exit(1);
}
