// The raw SQLite ceiling for telemetry ingest (docs/PERFORMANCE.md): 100,000 messages of 10
// samples, prepared inserts from C, WAL, synchronous FULL, 64 MiB cache, 5,000 messages per
// transaction, nothing parsed or checked. Build and run:
//   gcc -O2 -o /tmp/sqlite_ceiling scripts/sqlite_ceiling.c -lsqlite3
//   /tmp/sqlite_ceiling VARIANT      (writes /tmp/ceiling.db)
// Variants:
//   full                the engine's tables before v6: messages with a 900-byte payload and
//                       its two indexes, meter_samples indexed by (station_id, evse_id, time_ms)
//   full-time           the engine's tables v6–v9: samples indexed by (time_ms, station_id, evse_id)
//   full-clustered      the engine's tables since v10: samples WITHOUT ROWID, keyed by
//                       (time_ms, station_id, evse_id, message_id, ordinal), no other sample index
//   full-nopay[-time]   the same without the payload text
//   full-nopay-nomsgidx without the payload and without messages_by_station
//   full-noidx          the engine's tables with no sample index
//   minimal             the columns only, samples indexed by (charger_id, time_ms)
//   noindex             the columns only, no sample index (the "660 k rows/s" case)
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static double cpu(void){struct timespec t;clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define OK(x) do{int rc=(x); if(rc!=SQLITE_OK&&rc!=SQLITE_DONE){fprintf(stderr,"%s: %s\n",#x,sqlite3_errmsg(db));exit(1);}}while(0)
int main(int argc,char**argv){
  const char*v=argc>1?argv[1]:"full"; const char*path="/tmp/ceiling.db";
  char b[256]; for(const char*s[]={"","-wal","-shm"},**p=s;p<s+3;p++){snprintf(b,256,"%s%s",path,*p);remove(b);}
  sqlite3*db; OK(sqlite3_open(path,&db));
  OK(sqlite3_exec(db,"PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA cache_size=-65536;",0,0,0));
  int full=!strncmp(v,"full",4), noindex=!strcmp(v,"noindex"); int nopay=strstr(v,"nopay")!=0;
  if(full) OK(sqlite3_exec(db,"CREATE TABLE messages (message_id TEXT PRIMARY KEY NOT NULL, station_id TEXT NOT NULL, evse_id INTEGER NOT NULL, action TEXT NOT NULL, recorded_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL, source TEXT NOT NULL, payload TEXT NOT NULL);"
    "CREATE INDEX messages_by_station ON messages (station_id, recorded_ms);"
    "CREATE TABLE meter_samples (message_id TEXT NOT NULL, station_id TEXT NOT NULL, evse_id INTEGER NOT NULL, transaction_id TEXT, time_ms INTEGER NOT NULL, measurand TEXT NOT NULL, phase TEXT, value REAL NOT NULL);"
    "",0,0,0)); if(full){ if(strstr(v,"clustered")) { OK(sqlite3_exec(db,"DROP TABLE meter_samples; CREATE TABLE meter_samples (time_ms INTEGER NOT NULL, station_id TEXT NOT NULL, evse_id INTEGER NOT NULL, message_id TEXT NOT NULL, ordinal INTEGER NOT NULL, transaction_id TEXT, measurand TEXT NOT NULL, phase TEXT, value REAL NOT NULL, PRIMARY KEY (time_ms, station_id, evse_id, message_id, ordinal)) WITHOUT ROWID;",0,0,0)); } else if(strstr(v,"time")) OK(sqlite3_exec(db,"CREATE INDEX meter_samples_by_time ON meter_samples (time_ms, station_id, evse_id);",0,0,0)); else if(!strstr(v,"noidx")) OK(sqlite3_exec(db,"CREATE INDEX meter_samples_by_evse ON meter_samples (station_id, evse_id, time_ms);",0,0,0)); if(strstr(v,"nomsgidx")) OK(sqlite3_exec(db,"DROP INDEX messages_by_station",0,0,0));}
  else { OK(sqlite3_exec(db,"CREATE TABLE messages (message_id TEXT PRIMARY KEY NOT NULL, station_id TEXT NOT NULL, action TEXT NOT NULL, recorded_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL);"
    "CREATE TABLE meter_samples (time_ms INTEGER NOT NULL, charger_id TEXT NOT NULL, measurand TEXT NOT NULL, phase TEXT, value REAL NOT NULL);",0,0,0));
    if(!noindex) OK(sqlite3_exec(db,"CREATE INDEX meter_samples_by_charger ON meter_samples (charger_id, time_ms);",0,0,0)); }
  sqlite3_stmt*m,*s;
  OK(sqlite3_prepare_v2(db, full?"INSERT INTO messages VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (message_id) DO NOTHING":"INSERT INTO messages VALUES (?,?,?,?,?) ON CONFLICT (message_id) DO NOTHING",-1,&m,0));
  OK(sqlite3_prepare_v2(db, full?(strstr(v,"clustered")?"INSERT INTO meter_samples (message_id, station_id, evse_id, transaction_id, time_ms, measurand, phase, value, ordinal) VALUES (?,?,?,?,?,?,?,?,?)":"INSERT INTO meter_samples VALUES (?,?,?,?,?,?,?,?)"):"INSERT INTO meter_samples VALUES (?,?,?,?,?)",-1,&s,0));
  char payload[901]; memset(payload,'x',900); payload[900]=0;
  const char*phases[]={"L1-N","L2-N","L3-N"};
  double t0=now(),c0=cpu();
  for(int k=0;k<100000;k++){
    if(k%5000==0) OK(sqlite3_exec(db,"BEGIN",0,0,0));
    char id[64],st[32]; snprintf(id,64,"6f1c2b9e-%04x-4a1b-9c3d-%012d",k%65536,k*7919%1000003); snprintf(st,32,"CS-%d",k%500);
    long long t=1780000000000LL+k*1000LL;
    if(full){ sqlite3_bind_text(m,1,id,-1,SQLITE_TRANSIENT);sqlite3_bind_text(m,2,st,-1,SQLITE_TRANSIENT);sqlite3_bind_int(m,3,1);sqlite3_bind_text(m,4,"MeterValues",-1,SQLITE_STATIC);
      sqlite3_bind_int64(m,5,t);sqlite3_bind_int64(m,6,t);sqlite3_bind_text(m,7,"file",-1,SQLITE_STATIC);sqlite3_bind_text(m,8,nopay?"":payload,-1,SQLITE_STATIC);}
    else { sqlite3_bind_text(m,1,id,-1,SQLITE_TRANSIENT);sqlite3_bind_text(m,2,st,-1,SQLITE_TRANSIENT);sqlite3_bind_text(m,3,"MeterValues",-1,SQLITE_STATIC);sqlite3_bind_int64(m,4,t);sqlite3_bind_int64(m,5,t);}
    if(sqlite3_step(m)!=SQLITE_DONE){fprintf(stderr,"m %s\n",sqlite3_errmsg(db));return 1;} sqlite3_reset(m);
    for(int j=0;j<10;j++){
      const char*meas=j==0?"Energy.Active.Import.Register":"Voltage"; const char*ph=j==0?NULL:phases[j%3]; double val=200+j;
      if(full){ sqlite3_bind_text(s,1,id,-1,SQLITE_TRANSIENT);sqlite3_bind_text(s,2,st,-1,SQLITE_TRANSIENT);sqlite3_bind_int(s,3,1);sqlite3_bind_null(s,4);
        sqlite3_bind_int64(s,5,t);sqlite3_bind_text(s,6,meas,-1,SQLITE_STATIC); if(ph)sqlite3_bind_text(s,7,ph,-1,SQLITE_STATIC); else sqlite3_bind_null(s,7); sqlite3_bind_double(s,8,val); if(strstr(v,"clustered")) sqlite3_bind_int(s,9,j);}
      else { sqlite3_bind_int64(s,1,t);sqlite3_bind_text(s,2,st,-1,SQLITE_TRANSIENT);sqlite3_bind_text(s,3,meas,-1,SQLITE_STATIC); if(ph)sqlite3_bind_text(s,4,ph,-1,SQLITE_STATIC); else sqlite3_bind_null(s,4); sqlite3_bind_double(s,5,val);}
      if(sqlite3_step(s)!=SQLITE_DONE){fprintf(stderr,"s %s\n",sqlite3_errmsg(db));return 1;} sqlite3_reset(s);
    }
    if(k%5000==4999) OK(sqlite3_exec(db,"COMMIT",0,0,0));
  }
  double w=now()-t0,c=cpu()-c0;
  printf("%-8s wall %.2f s cpu %.2f s  %.0f samples/s (%.0f rows/s)\n",v,w,c,1e6/w,1.1e6/w);
  sqlite3_close(db); return 0;
}
