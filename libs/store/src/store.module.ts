import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { learnColumnTypes } from './sql/bulk';
import { serializeSqliteWrites } from './sql/sqlite-gate';
import { ENTITIES } from './entities';

/**
 * The TypeORM connection for the app. Migrations run on start-up (`migrationsRun`), never
 * `synchronize`. Repositories for every entity are exported.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database),
        migrationsRun: true,
        migrationsTransactionMode: 'each',
        retryAttempts: 3,
        retryDelay: 1000,
      }),
      // one write transaction at a time on SQLite (sql/sqlite-gate.ts); on PostgreSQL the column
      // types the bulk writes name, learnt once here rather than in the first tick (sql/bulk.ts)
      dataSourceFactory: async (options) => {
        const ds = await serializeSqliteWrites(new DataSource(options!)).initialize();
        await learnColumnTypes(ds);
        return ds;
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class StoreModule {}
