// The hello component's packaged code: `npm start` packages this directory and deploys
// the package; the `process` component runs the command recorded by its build.
import { createServer } from 'node:http';

const greeting = process.env.GREETING ?? 'hello';
const version = process.env.PACKAGE_VERSION ?? 'unpackaged';
createServer((_request, response) => response.end(`${greeting} (package ${version})`)).listen(Number(process.env.PORT), '127.0.0.1');
