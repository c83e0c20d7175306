module.exports={"version":"2025b","zones":[],"links":[],"countries":[]};
