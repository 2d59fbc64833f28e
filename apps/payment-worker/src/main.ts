import 'reflect-metadata';
import { runApp } from '@billy/platform';
import { createApp } from './app/create-app';

runApp(createApp);
