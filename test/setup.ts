// tsyringe needs the Reflect metadata polyfill before it is first imported.
import 'reflect-metadata';
