def log = new File(basedir, 'build.log').text
assert log.contains('phasecheck: findings at or above error') : 'the failure says why'
assert log.contains('src/test/resources/transcripts/agent-loop-drops-phase.jsonl:2: error [phase-dropped]') : 'the text report is in the message'
assert log.contains('MojoFailureException') : 'findings fail the build (not a build error)'
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/phasecheck/report.json'))
assert json.summary.error == 2 // two faults, one of them repeated by a later request
return true
