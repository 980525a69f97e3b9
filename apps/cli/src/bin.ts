import { endQuietlyWhenStdoutCloses } from './io.js';
import { main } from './main.js';

endQuietlyWhenStdoutCloses();
process.exitCode = await main(process.argv);
